using AdminConsole.Account;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.People;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Services;

/// <summary>Failed sign-ins per address: slower answers, then that address alone locked out; an operator unlocks.</summary>
public sealed class SignInThrottleTests
{
    private static SignInThrottle Throttle(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock) =>
        new(clock, Options.Create(new SecurityOptions { MaxFailedSignIns = 5, LockoutMinutes = 15, SignInDelayMilliseconds = 500 }));

    [Fact]
    public void Answers_to_an_address_slow_down_from_its_third_failure_doubling_up_to_eight_seconds()
    {
        var throttle = Throttle(Fake.Now());
        var delays = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            delays.Add(throttle.DelayFor("10.0.0.1").TotalMilliseconds);
            throttle.Failed("10.0.0.1", "someone");
        }
        Assert.Equal([0, 0, 0, 500, 1000, 2000, 4000, 8000], delays);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("10.0.0.2"));   // another address is not slowed
    }

    [Fact]
    public void Five_failures_lock_that_address_out_of_that_account_only_until_the_lockout_time_has_passed()
    {
        var clock = Fake.Now();
        var throttle = Throttle(clock);
        for (var i = 0; i < 5; i++)
            throttle.Failed("10.0.0.1", "victim");
        Assert.True(throttle.IsLockedFor("10.0.0.1", "victim"));
        Assert.False(throttle.IsLockedFor("10.0.0.2", "victim"));    // the owner at another address signs in as usual
        Assert.False(throttle.IsLockedFor("10.0.0.1", "someone-else"));
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False(throttle.IsLockedFor("10.0.0.1", "victim"));
    }

    [Fact]
    public void A_success_or_an_operators_unlock_clears_the_count()
    {
        var throttle = Throttle(Fake.Now());
        for (var i = 0; i < 5; i++)
            throttle.Failed("10.0.0.1", "victim");
        throttle.Unlock("victim");
        Assert.False(throttle.IsLockedFor("10.0.0.1", "victim"));
        for (var i = 0; i < 4; i++)
            throttle.Failed("10.0.0.1", "victim");
        throttle.Succeeded("10.0.0.1", "victim");
        throttle.Failed("10.0.0.1", "victim");
        Assert.False(throttle.IsLockedFor("10.0.0.1", "victim"));
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("10.0.0.1"));
    }

    [Fact]
    public async Task An_operator_sees_and_unlocks_a_locked_account_audited_and_nobody_else_may()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using (var db = app.Db())
            await db.Users.Where(u => u.Email == Demo.Fjord).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(10)).SetProperty(x => x.AccessFailedCount, 20));

        var partnerAdmin = await app.ServiceAsAsync<LockedAccountsService>(Demo.Admin);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => partnerAdmin.ListAsync());

        var operatorView = await app.ServiceAsAsync<LockedAccountsService>(Demo.Operator);
        var locked = Assert.Single(await operatorView.ListAsync());
        Assert.Equal(Demo.Fjord, locked.Email);
        Assert.Equal(DemoData.Fjord, locked.PartnerName);
        var fjord = locked.UserId;
        await Assert.ThrowsAsync<ForbiddenProblem>(() => partnerAdmin.UnlockAsync(fjord));

        await operatorView.UnlockAsync(fjord);
        Assert.Empty(await operatorView.ListAsync());
        await using var check = app.Db();
        var user = await check.Users.SingleAsync(u => u.Id == fjord);
        Assert.Null(user.LockoutEnd);
        Assert.Equal(0, user.AccessFailedCount);
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Action == "person.unlocked" && a.Before!.Contains(Demo.Fjord)));
    }
}
