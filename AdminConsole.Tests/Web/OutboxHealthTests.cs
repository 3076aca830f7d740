using AdminConsole.CompanyUsers;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Web;

/// <summary>/health/ready tells an operator when e-mail is not leaving: the outbox is Degraded after 15 minutes.</summary>
public sealed class OutboxHealthTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await ConsoleApp.StartAsync(listen: true, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_e_mail_waiting_longer_than_15_minutes_makes_the_outbox_degraded()
    {
        using var web = new WebSession(_app.BaseUrl);
        Assert.Contains("outbox: Healthy", (await web.GetAsync("health/ready")).Html);

        int company;
        await using (var db = _app.Db())
            company = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        await (await _app.ServiceAsAsync<CompanyUserService>(Demo.Admin)).InviteAsync(company, "Ida Test", "ida@kunde.example");
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Contains("outbox: Healthy", (await web.GetAsync("health/ready")).Html);   // no mail server here: it waits

        _clock.Advance(TimeSpan.FromMinutes(6));
        var (status, body) = await web.GetAsync("health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);   // Degraded still serves
        Assert.Contains("outbox: Degraded – 1 e-mail(s) have waited longer than 15 minutes", body);
    }
}
