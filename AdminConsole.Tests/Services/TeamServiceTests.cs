using System.Text.RegularExpressions;
using AdminConsole.Account;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Team;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>The partner's team: legal representatives invite, change roles and remove; one legal representative always stays.</summary>
public sealed class TeamServiceTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TeamService> As(string email) => _app.ServiceAsAsync<TeamService>(email);

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = _app.Db();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task Only_legal_representatives_change_the_team_admins_may_look_employees_may_not()
    {
        var view = await (await As(Demo.Admin)).GetAsync();
        Assert.False(view.CanManage);
        Assert.Equal(3, view.Members.Count);
        var admin = await As(Demo.Admin);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => admin.InviteAsync("Eva", "eva@nordtal.example", PartnerRole.PartnerAdmin));
        await Assert.ThrowsAsync<ForbiddenProblem>(() => admin.ChangeRoleAsync(view.Members[0].UserId, PartnerRole.PartnerEmployee));
        await Assert.ThrowsAsync<ForbiddenProblem>(async () => await (await As(Demo.Employee)).GetAsync());
        Assert.True((await (await As(Demo.Legal)).GetAsync()).CanManage);
        // Another partner's person acts like an unknown one.
        await Assert.ThrowsAsync<NotFoundProblem>(async () =>
            await (await As(Demo.Legal)).RemoveAsync(await UserIdAsync(Demo.Fjord)));
    }

    [Fact]
    public async Task An_invited_colleague_chooses_a_password_from_the_email_and_can_then_sign_in()
    {
        await (await As(Demo.Legal)).InviteAsync("Eva Revisor", "eva@nordtal.example", PartnerRole.PartnerAdmin);
        string link;
        await using (var db = _app.Db())
            link = Regex.Match((await db.OutboxMessages.SingleAsync(m => m.To == "eva@nordtal.example")).Body,
                @"token=(\S+)").Groups[1].Value;
        var member = Assert.Single((await (await As(Demo.Legal)).GetAsync()).Members, m => m.Email == "eva@nordtal.example");
        Assert.Equal((PartnerRole.PartnerAdmin, false), (member.Role, member.Activated));

        var activation = _app.Services.CreateScope().ServiceProvider.GetRequiredService<ActivationService>();
        Assert.Empty(await activation.ActivateAsync(Uri.UnescapeDataString(link), "Evas-Password-2026"));
        Assert.True(Assert.Single((await (await As(Demo.Legal)).GetAsync()).Members, m => m.Email == "eva@nordtal.example").Activated);
        var companies = await _app.ServiceAsAsync<CompanyService>("eva@nordtal.example");
        Assert.Equal(111, (await companies.ListAsync(new CompanyListQuery())).Total);

        var legal = await As(Demo.Legal);
        var again = await Assert.ThrowsAsync<ValidationProblem>(() =>
            legal.InviteAsync("Eva", "EVA@nordtal.example", PartnerRole.PartnerEmployee));
        Assert.Contains("Email", again.Errors.Keys);
    }

    [Fact]
    public async Task The_last_legal_representative_can_be_neither_demoted_nor_removed()
    {
        var legal = await As(Demo.Legal);
        var me = await UserIdAsync(Demo.Legal);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => legal.ChangeRoleAsync(me, PartnerRole.PartnerAdmin));
        await Assert.ThrowsAsync<ForbiddenProblem>(() => legal.RemoveAsync(me));

        await legal.ChangeRoleAsync(await UserIdAsync(Demo.Admin), PartnerRole.LegalRepresentative);
        await legal.ChangeRoleAsync(me, PartnerRole.PartnerAdmin);   // now there is another
        var team = await (await As(Demo.Admin)).GetAsync();
        Assert.Equal(PartnerRole.PartnerAdmin, team.Members.Single(m => m.UserId == me).Role);
    }

    [Fact]
    public async Task A_removed_member_reaches_no_client_any_more_and_loses_its_assignments()
    {
        var employee = await UserIdAsync(Demo.Employee);
        await (await As(Demo.Legal)).RemoveAsync(employee);
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Employee);
        Assert.Equal(0, (await companies.ListAsync(new CompanyListQuery())).Total);
        await using var db = _app.Db();
        Assert.False(await db.ClientAssignments.AnyAsync(a => a.UserId == employee));
        Assert.Contains(db.AuditEntries, a => a.Action == "team.removed");
    }

    [Fact]
    public async Task The_billing_currency_is_set_by_a_legal_representative_audited_and_a_stale_save_is_a_conflict()
    {
        var legal = await As(Demo.Legal);
        var read = (await legal.GetAsync()).Settings;
        Assert.Equal("DKK", read.Currency);
        await Assert.ThrowsAsync<ForbiddenProblem>(async () =>
            await (await As(Demo.Admin)).SaveSettingsAsync(read with { Currency = "EUR" }));
        var bad = await Assert.ThrowsAsync<ValidationProblem>(() => legal.SaveSettingsAsync(read with { Currency = "USD" }));
        Assert.Contains("Currency", bad.Errors.Keys);

        var saved = await legal.SaveSettingsAsync(read with { Currency = "EUR" });
        Assert.Equal("EUR", saved.Currency);
        // A second console still holding the first read does not overwrite it.
        await Assert.ThrowsAsync<ConflictProblem>(() => legal.SaveSettingsAsync(read with { Currency = "NOK" }));

        var agreements = await _app.ServiceAsAsync<AdminConsole.Agreements.AgreementService>(Demo.Admin);
        Assert.All(await agreements.ListAsync(), a => Assert.Equal("EUR", a.Currency));
        await using var db = _app.Db();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "partner.settings-changed");
        Assert.Contains("DKK", entry.Before);
        Assert.Contains("EUR", entry.After);
        Assert.Equal("NOK", await db.Partners.Where(p => p.Name == DemoData.Fjord).Select(p => p.Currency).SingleAsync());
    }
}
