using Microsoft.Extensions.Time.Testing;
using AdminConsole.Account;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

public sealed class SubscriptionServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;
    private int _internalCompany;
    private int _externalCompany;

    private static readonly SubscriptionState ToExternal =
        new(Plan.Plus, AgreementType.External, "Anne Kunde", "anne.kunde", "anne@kunde.example");

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await using var db = _app.Db();
        _internalCompany = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal &&
                                                         c.Subscription.AgreementType == AgreementType.Internal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        _externalCompany = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<SubscriptionService> As(string email) => await _app.ServiceAsAsync<SubscriptionService>(email);

    private async Task<SubscriptionStatus> SwitchToExternalAsync(string email = Demo.Admin, SubscriptionState? to = null)
    {
        var service = await As(email);
        var status = await service.GetAsync(_internalCompany);
        return await service.ChangeAsync(_internalCompany, new SubscriptionChange(to ?? ToExternal, status.Version));
    }

    [Fact]
    public async Task Switching_to_external_saves_the_superuser_queues_an_activation_mail_and_audits_before_and_after()
    {
        var heard = new List<ChangeEvent>();
        await using var scope = await _app.AsAsync(Demo.Admin);
        using var _ = _app.Services.GetRequiredService<ChangeNotifier>()
            .Subscribe(await scope.ServiceProvider.GetRequiredService<AccessPolicy>().ActorAsync(), e => { heard.Add(e); return Task.CompletedTask; });

        var saved = await SwitchToExternalAsync();

        Assert.Equal(ToExternal, saved.Current);
        Assert.False(saved.SuperuserActivated);
        await using var db = _app.Db();
        var user = await db.Users.SingleAsync(u => u.UserName == "anne.kunde");
        Assert.Equal((_internalCompany, "anne@kunde.example", (string?)null), (user.CompanyId!.Value, user.Email!, user.PasswordHash));

        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "anne@kunde.example");
        Assert.Contains("er nu ekstern", mail.Subject);   // a Danish company's superuser reads it in Danish
        Assert.Contains("anne.kunde", mail.Body);
        Assert.DoesNotContain("password:", mail.Body, StringComparison.OrdinalIgnoreCase);
        var token = System.Text.RegularExpressions.Regex.Match(mail.Body, "token=([A-Za-z0-9_-]+)").Groups[1].Value;
        var stored = await db.OneTimeTokens.SingleAsync(t => t.UserId == user.Id);
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(OneTimeTokens.Hash(token), stored.TokenHash);
        Assert.Equal(_clock.UtcNow().AddDays(7), stored.ExpiresAt);

        var audit = await db.AuditEntries.SingleAsync(a => a.CompanyId == _internalCompany && a.Action == "subscription.changed");
        Assert.Equal(("Jonas Holm", DemoData.Nordtal), (audit.ActorName, audit.ActingFor));
        Assert.Contains("\"Internal\"", audit.Before);   // enums are stored by name
        Assert.Contains("anne.kunde", audit.After);
        Assert.Single(saved.History);

        Assert.Contains(heard, e => e.CompanyId == _internalCompany && e.Kind == ChangeKind.SubscriptionChanged);
    }

    [Theory]
    [InlineData("", "ok.login", "a@b.example", "SuperuserName")]
    [InlineData("Name", "ab", "a@b.example", "SuperuserLogin")]
    [InlineData("Name", "Has Space", "a@b.example", "SuperuserLogin")]
    [InlineData("Name", "-starts-with-hyphen", "a@b.example", "SuperuserLogin")]
    [InlineData("Name", "bageriet", "a@b.example", "SuperuserLogin")]            // taken by the demo superuser
    [InlineData("Name", "ok.login", "not-an-address", "SuperuserEmail")]
    [InlineData("Name", "ok.login", "a@b", "SuperuserEmail")]
    [InlineData("Name", "ok.login", "admin@nordtal.example", "SuperuserEmail")]  // another person's sign-in
    public async Task Bad_superuser_details_are_refused_at_their_field_and_nothing_is_saved(string name, string login,
        string email, string field)
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            SwitchToExternalAsync(to: new SubscriptionState(Plan.Small, AgreementType.External, name, login, email)));
        Assert.Equal([field], problem.Errors.Keys);

        await using var db = _app.Db();
        var s = await db.Subscriptions.SingleAsync(x => x.CompanyId == _internalCompany);
        Assert.Equal((AgreementType.Internal, 0L), (s.AgreementType, s.Version));
        Assert.False(await db.OutboxMessages.AnyAsync());
    }

    private async Task<int> AnotherInternalCompanyAsync()
    {
        await using var db = _app.Db();
        return await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Id != _internalCompany &&
                                             c.Subscription.AgreementType == AgreementType.Internal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    private async Task<SubscriptionStatus> SwitchAsync(int companyId, SubscriptionState to)
    {
        var service = await As(Demo.Admin);
        return await service.ChangeAsync(companyId, new SubscriptionChange(to, (await service.GetAsync(companyId)).Version));
    }

    [Theory]
    [InlineData("anne@kunde.example")]
    [InlineData("  ANNE@Kunde.Example ")]
    [InlineData("Ánne@kunde.example")]
    public async Task A_pending_superusers_e_mail_is_taken_for_every_other_company_whatever_its_case_or_accents(string again)
    {
        await SwitchToExternalAsync();   // anne@kunde.example, activation still pending
        var other = await AnotherInternalCompanyAsync();

        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            SwitchAsync(other, ToExternal with { SuperuserLogin = "someone.else", SuperuserEmail = again }));
        Assert.Equal("This e-mail already belongs to another sign-in.", problem.Errors["SuperuserEmail"]);

        // Resend re-sends the pending sign-in's link; it never makes a second sign-in.
        await (await As(Demo.Admin)).ResendActivationAsync(_internalCompany);
        await using var db = _app.Db();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == "ANNE@KUNDE.EXAMPLE"));
        Assert.Equal(AgreementType.Internal, (await db.Subscriptions.SingleAsync(x => x.CompanyId == other)).AgreementType);
    }

    [Fact]
    public async Task A_demo_companys_pending_superuser_has_its_sign_in_so_its_e_mail_is_taken_too()
    {
        string email;
        await using (var db = _app.Db())
            email = await db.Subscriptions.Where(x => x.AgreementType == AgreementType.External && x.CompanyId != _externalCompany)
                .Select(x => x.SuperuserEmail!).FirstAsync();
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() => SwitchToExternalAsync(to: ToExternal with { SuperuserEmail = email }));
        Assert.Equal(["SuperuserEmail"], problem.Errors.Keys);
    }

    [Fact]
    public async Task Two_consoles_saving_the_same_new_superuser_e_mail_at_once_cannot_both_win()
    {
        var other = await AnotherInternalCompanyAsync();
        var a = await As(Demo.Admin);
        var b = await As(Demo.Legal);
        var (versionA, versionB) = ((await a.GetAsync(_internalCompany)).Version, (await b.GetAsync(other)).Version);

        var saves = new[]
        {
            Task.Run(() => a.ChangeAsync(_internalCompany, new SubscriptionChange(ToExternal, versionA))),
            Task.Run(() => b.ChangeAsync(other, new SubscriptionChange(ToExternal with { SuperuserLogin = "anne.two" }, versionB))),
        };
        var outcomes = await Task.WhenAll(saves.Select(async t =>
        {
            try { await t; return "saved"; }
            catch (ValidationProblem p) { return p.Errors.GetValueOrDefault("SuperuserEmail") ?? "other field"; }
        }));

        Assert.Equal(["This e-mail already belongs to another sign-in.", "saved"], outcomes.Order(StringComparer.Ordinal));
        await using var db = _app.Db();
        // The database itself refuses a second sign-in with the same normalised e-mail, whoever writes it.
        db.Users.Add(new AppUser { UserName = "x", NormalizedUserName = "X", Email = "anne@kunde.example", NormalizedEmail = "ANNE@KUNDE.EXAMPLE" });
        Assert.True(Saving.IsDuplicate(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync())));
        db.ChangeTracker.Clear();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == "ANNE@KUNDE.EXAMPLE"));
        Assert.Equal(1, await db.Subscriptions.CountAsync(x => x.AgreementType == AgreementType.External &&
                                                             (x.CompanyId == _internalCompany || x.CompanyId == other)));
    }

    [Fact]
    public async Task The_superuser_id_is_stored_in_lower_case_so_case_does_not_make_a_second_id()
    {
        await SwitchToExternalAsync(to: ToExternal with { SuperuserLogin = "Anne.Kunde" });
        await using var db = _app.Db();
        Assert.Equal("anne.kunde", (await db.Subscriptions.SingleAsync(s => s.CompanyId == _internalCompany)).SuperuserLogin);
    }

    [Theory]
    [InlineData(Demo.Employee, typeof(ForbiddenProblem))]  // role: employees change no subscription
    [InlineData(Demo.Rackbeat, typeof(NotFoundProblem))]   // not enrolled in this company
    [InlineData(Demo.Fjord, typeof(NotFoundProblem))]      // another partner
    [InlineData(Demo.Superuser, typeof(NotFoundProblem))]  // another company's user
    public async Task Only_people_allowed_to_manage_the_subscription_can_change_it(string email, Type refusal)
    {
        await _app.AssignAsync(Demo.Employee, _internalCompany);   // the employee reaches it, but its role stops it
        var service = await As(email);
        var problem = await Assert.ThrowsAnyAsync<ConsoleProblem>(() =>
            service.ChangeAsync(_internalCompany, new SubscriptionChange(ToExternal, 0)));
        Assert.IsType(refusal, problem);
        await using var db = _app.Db();
        Assert.Equal(AgreementType.Internal, (await db.Subscriptions.SingleAsync(s => s.CompanyId == _internalCompany)).AgreementType);
    }

    [Fact]
    public async Task An_enrolled_partner_without_the_subscription_right_is_refused()
    {
        int enrolled;
        await using (var db = _app.Db())
            enrolled = await db.AdministratorAccesses.Where(a => a.Partner.Name == DemoData.Rackbeat).Select(a => a.CompanyId).FirstAsync();
        var service = await As(Demo.Rackbeat);
        var status = await service.GetAsync(enrolled);
        Assert.False(status.CanEdit);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => service.ChangeAsync(enrolled, new SubscriptionChange(ToExternal, status.Version)));
    }

    [Fact]
    public async Task An_operator_and_a_legal_representative_may_change_it()
    {
        var legal = await As(Demo.Legal);
        var s = await legal.ChangeAsync(_internalCompany,
            new SubscriptionChange(new SubscriptionState(Plan.Plus, AgreementType.Internal, null, null, null), 0));
        Assert.Equal(Plan.Plus, s.Current.Plan);
        var op = await As(Demo.Operator);
        s = await op.ChangeAsync(_internalCompany,
            new SubscriptionChange(new SubscriptionState(Plan.Small, AgreementType.Internal, null, null, null), s.Version));
        Assert.Equal(Plan.Small, s.Current.Plan);
        await using var db = _app.Db();
        Assert.Contains(db.AuditEntries, a => a.ActingFor == $"Operator for {DemoData.Nordtal}" && a.Action == "subscription.changed");
    }

    [Fact]
    public async Task The_second_of_two_admins_editing_at_once_gets_a_conflict_and_the_first_change_stands()
    {
        var first = await As(Demo.Admin);
        var second = await As(Demo.Legal);
        var seenByFirst = await first.GetAsync(_internalCompany);
        var seenBySecond = await second.GetAsync(_internalCompany);

        await first.ChangeAsync(_internalCompany, new SubscriptionChange(ToExternal, seenByFirst.Version));
        await Assert.ThrowsAsync<ConflictProblem>(() => second.ChangeAsync(_internalCompany,
            new SubscriptionChange(new SubscriptionState(Plan.Small, AgreementType.Internal, null, null, null), seenBySecond.Version)));

        var now = await second.GetAsync(_internalCompany);
        Assert.Equal(ToExternal, now.Current);
    }

    [Fact]
    public async Task Switching_back_to_internal_ends_the_superusers_login_at_once()
    {
        var service = await As(Demo.Admin);
        var status = await service.GetAsync(_externalCompany);
        string superuserId;
        await using (var db = _app.Db())
            superuserId = (await db.Users.SingleAsync(u => u.UserName == "bageriet")).Id;
        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        Assert.NotNull(await CurrentActor.LoadAsync(factory, _clock, superuserId, default));

        await service.ChangeAsync(_externalCompany, new SubscriptionChange(
            new SubscriptionState(Plan.Standard, AgreementType.Internal, null, null, null), status.Version));

        Assert.Null(await CurrentActor.LoadAsync(factory, _clock, superuserId, default));
        await using var check = _app.Db();
        var s = await check.Subscriptions.SingleAsync(x => x.CompanyId == _externalCompany);
        Assert.Equal((AgreementType.Internal, (string?)null), (s.AgreementType, s.SuperuserLogin));
    }

    [Fact]
    public async Task Activation_sets_a_password_once_and_rejects_used_altered_replaced_and_expired_links()
    {
        await SwitchToExternalAsync();
        var activation = await _app.ServiceAsAsync<ActivationService>(Demo.Admin);
        string first;
        await using (var db = _app.Db())
            first = TokenIn((await db.OutboxMessages.SingleAsync()).Body);

        Assert.Equal(ActivationState.Valid, (await activation.CheckAsync(first)).State);
        Assert.Equal(ActivationState.Invalid, (await activation.CheckAsync(first[..^2] + "xx")).State);
        Assert.NotEmpty(await activation.ActivateAsync(first, "short"));

        // Resending replaces the link: the first one stops working.
        await (await As(Demo.Admin)).ResendActivationAsync(_internalCompany);
        Assert.Equal(ActivationState.Replaced, (await activation.CheckAsync(first)).State);
        string second;
        await using (var db = _app.Db())
            second = TokenIn((await db.OutboxMessages.OrderBy(m => m.Id).LastAsync()).Body);

        Assert.Empty(await activation.ActivateAsync(second, "Kunde-Password-1"));
        Assert.Equal(ActivationState.Used, (await activation.CheckAsync(second)).State);
        Assert.NotEmpty(await activation.ActivateAsync(second, "Another-Password-2"));

        await using (var db = _app.Db())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "anne.kunde");
            var hasher = _app.Services.GetRequiredService<IPasswordHasher<AppUser>>();
            Assert.NotEqual(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, user.PasswordHash!, "Kunde-Password-1"));
        }
        Assert.True((await (await As(Demo.Admin)).GetAsync(_internalCompany)).SuperuserActivated);

        await (await As(Demo.Admin)).ResendActivationAsync(_internalCompany);
        string third;
        await using (var db = _app.Db())
            third = TokenIn((await db.OutboxMessages.OrderBy(m => m.Id).LastAsync()).Body);
        _clock.Advance(TimeSpan.FromDays(7).Add(TimeSpan.FromSeconds(1)));
        Assert.Equal(ActivationState.Expired, (await activation.CheckAsync(third)).State);
    }

    private static string TokenIn(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "token=([A-Za-z0-9_-]+)").Groups[1].Value;
}
