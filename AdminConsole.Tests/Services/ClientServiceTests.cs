using System.Text.RegularExpressions;
using AdminConsole.Administrators;
using AdminConsole.Auth;
using AdminConsole.Clients;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Services;

/// <summary>Add client → the client grants its own rights and payment method → the partner works within them.</summary>
public sealed partial class ClientServiceTests : IAsyncLifetime
{
    private const AccessRight AllButSubscription = AccessRight.All & ~AccessRight.ManageSubscription;
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await ConsoleApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<ClientService> As(string email) => _app.ServiceAsAsync<ClientService>(email);

    private static ClientRequest Request(string number = "DK99887766", string email = "ida@nyklient.example") =>
        new("Nyklient ApS", number, "DK", "Ida Nyklient", email, AccessRight.All, "We would like to keep your books.");

    /// <summary>Sends an invitation as Nordtal's legal representative and reads the link's token from the queued e-mail.</summary>
    private async Task<(int Id, string Token)> InviteAsync(ClientRequest? request = null)
    {
        var id = await (await As(Demo.Legal)).InviteAsync(request ?? Request());
        return (id, await LatestTokenAsync((request ?? Request()).ContactEmail!));
    }

    private async Task<string> LatestTokenAsync(string to)
    {
        await using var db = _app.Db();
        var body = await db.OutboxMessages.Where(m => m.To == to).OrderByDescending(m => m.Id).Select(m => m.Body).FirstAsync();
        return Uri.UnescapeDataString(TokenInLink().Match(body).Groups[1].Value);
    }

    [GeneratedRegex(@"/clients/invitation\?token=(\S+)")]
    private static partial Regex TokenInLink();

    [Theory]
    [InlineData(Demo.Admin)]
    [InlineData(Demo.Employee)]
    [InlineData(Demo.Operator)]
    [InlineData(Demo.Superuser)]
    public async Task Only_legal_representatives_may_add_clients(string email)
    {
        var service = await As(email);
        Assert.False(await service.CanAddClientsAsync());
        var problem = await Assert.ThrowsAsync<ForbiddenProblem>(() => service.InviteAsync(Request()));
        Assert.Contains("legal representatives", problem.Message);
        await using var db = _app.Db();
        Assert.Equal(0, await db.ClientInvitations.CountAsync(i => i.OrganisationNumber == "DK99887766"));
    }

    [Fact]
    public async Task Inviting_stores_a_pending_invitation_with_a_hashed_token_and_queues_the_email_with_the_rights()
    {
        var (id, token) = await InviteAsync();
        Assert.True(await (await As(Demo.Legal)).CanAddClientsAsync());
        await using var db = _app.Db();
        var invitation = await db.ClientInvitations.SingleAsync(i => i.Id == id);
        Assert.Equal(ClientInvitationStatus.Pending, invitation.Status);
        Assert.Equal(_clock.UtcNow() + ClientService.Lifetime, invitation.ExpiresAt);
        Assert.NotEqual(token, invitation.TokenHash);
        Assert.Equal(AdminConsole.Account.OneTimeTokens.Hash(token), invitation.TokenHash);
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "ida@nyklient.example");
        Assert.Contains("Administrere abonnement", mail.Body);   // a Danish client: its invitation is in Danish
        Assert.Contains("We would like to keep your books.", mail.Body);
        Assert.Contains(db.AuditEntries, a => a.Action == "client.invited");
    }

    [Fact]
    public async Task A_second_pending_invitation_to_the_same_number_or_email_is_refused_naming_the_first()
    {
        await InviteAsync();
        var legal = await As(Demo.Legal);
        foreach (var again in new[] { Request(), Request(number: "DK11112222"), Request(email: "other@nyklient.example") })
        {
            var problem = await Assert.ThrowsAsync<ValidationProblem>(() => legal.InviteAsync(again));
            Assert.Contains("Nyklient ApS", problem.Errors["OrganisationNumber"]);
        }
        var bad = await Assert.ThrowsAsync<ValidationProblem>(() => legal.InviteAsync(
            new ClientRequest("", "", "XX", "", "not-an-email", AccessRight.None, new string('x', 2001))));
        Assert.Equal(["CompanyName", "ContactEmail", "ContactName", "Country", "Message", "OrganisationNumber", "Rights"],
            bad.Errors.Keys.Order());
    }

    [Fact]
    public async Task Accepting_a_new_company_makes_the_partner_its_owner_with_exactly_the_granted_rights()
    {
        var (id, token) = await InviteAsync();
        var legal = await As(Demo.Legal);
        var opened = await legal.OpenAsync(token);
        Assert.Equal((DemoData.Nordtal, AccessRight.All), (opened.Invitation!.PartnerName, opened.Invitation.Requested));

        Assert.Null(await legal.AcceptAsync(token, new ClientDecision(AllButSubscription, PaymentMethod.ClientPays)));

        int company;
        await using (var db = _app.Db())
        {
            var invitation = await db.ClientInvitations.SingleAsync(i => i.Id == id);
            Assert.Equal((ClientInvitationStatus.Accepted, (AccessRight?)AllButSubscription, (PaymentMethod?)PaymentMethod.ClientPays, (string?)null),
                (invitation.Status, invitation.GrantedRights, invitation.PaymentMethod, invitation.TokenHash));
            var created = await db.Companies.Include(c => c.Subscription).SingleAsync(c => c.Id == invitation.CompanyId);
            Assert.Equal((DemoData.Nordtal, AllButSubscription, AgreementType.Internal),
                (await db.Partners.Where(p => p.Id == created.PartnerId).Select(p => p.Name).SingleAsync(), created.OwnerRights,
                    created.Subscription.AgreementType));
            Assert.True(await db.CompanyUsers.AnyAsync(u => u.CompanyId == created.Id && u.Email == "ida@nyklient.example" && u.AcceptedAt != null));
            Assert.Contains(db.OutboxMessages, m => m.To == Demo.Legal && m.Subject.Contains("accepted"));
            Assert.Contains(db.AuditEntries, a => a.Action == "client.accepted" && a.CompanyId == created.Id);
            company = created.Id;
        }

        // The right that was asked for but not granted is refused by the service.
        var subscriptions = await _app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(company);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => subscriptions.ChangeAsync(company,
            new SubscriptionChange(status.Current with { Plan = Plan.Plus }, status.Version)));
        var grant = Assert.Single(await legal.PartnerAccessAsync(company));
        Assert.Equal((AccessRight.All, AllButSubscription, PaymentMethod.ClientPays, "Ida Nyklient"),
            (grant.Requested, grant.Granted, grant.Payment, grant.AcceptedBy));
        Assert.Contains((await (await _app.ServiceAsAsync<CompanyService>(Demo.Legal)).ListAsync(
            new CompanyListQuery(Search: "Nyklient"))).Items, r => r.Id == company);

        // The link worked once.
        Assert.NotNull(await legal.AcceptAsync(token, new ClientDecision(AccessRight.All, PaymentMethod.PartnerPays)));
    }

    [Fact]
    public async Task Accepting_for_a_company_already_in_the_console_enrols_the_partner_with_the_granted_rights()
    {
        int fjordCompany;
        string number;
        await using (var db = _app.Db())
            (fjordCompany, number) = await db.Companies.Where(c => c.Partner.Name == DemoData.Fjord).OrderBy(c => c.Id)
                .Select(c => new ValueTuple<int, string>(c.Id, c.OrganisationNumber)).FirstAsync();
        var (_, token) = await InviteAsync(Request(number: number));
        var granted = AccessRight.ViewCompany | AccessRight.ManageUsers;
        Assert.Null(await (await As(Demo.Legal)).AcceptAsync(token, new ClientDecision(granted, PaymentMethod.PartnerPays)));

        await using var check = _app.Db();
        var access = await check.AdministratorAccesses.SingleAsync(a => a.CompanyId == fjordCompany && a.Partner.Name == DemoData.Nordtal);
        Assert.Equal((granted, "Ida Nyklient"), (access.Rights, access.GrantedByName));
        Assert.Equal(AccessRight.All, await check.Companies.Where(c => c.Id == fjordCompany).Select(c => c.OwnerRights).SingleAsync());
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Admin);
        await policy.DemandAsync(fjordCompany, AccessRight.ManageUsers);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(fjordCompany, AccessRight.ManageBilling));
    }

    [Fact]
    public async Task The_demo_holds_an_accepted_client_with_fewer_rights_a_pending_and_an_expired_invitation()
    {
        var rows = (await (await As(Demo.Admin)).ListAsync(null, 1)).Items;
        var accepted = Assert.Single(rows, r => r.State == InvitationState.Accepted);
        Assert.True(accepted.Granted < accepted.Requested);
        Assert.Single(rows, r => r.State == InvitationState.Pending);
        Assert.Single(rows, r => r.State == InvitationState.Expired);
        var policy = await _app.ServiceAsAsync<AccessPolicy>(Demo.Admin);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => policy.DemandAsync(accepted.CompanyId!.Value, AccessRight.ManageBilling));
    }

    [Fact]
    public async Task An_employee_sees_and_enters_only_assigned_clients_and_only_admins_assign()
    {
        int assigned, other;
        await using (var db = _app.Db())
        {
            var employee = await db.Users.Where(u => u.Email == Demo.Employee).Select(u => u.Id).SingleAsync();
            assigned = await db.ClientAssignments.Where(a => a.UserId == employee).Select(a => a.CompanyId).FirstAsync();
            other = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal &&
                                                  !db.ClientAssignments.Any(a => a.CompanyId == c.Id && a.UserId == employee))
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        var companies = await _app.ServiceAsAsync<CompanyService>(Demo.Employee);
        var list = await companies.ListAsync(new CompanyListQuery(PageSize: 100));
        Assert.Equal(5, list.Total);
        Assert.Contains(list.Items, r => r.Id == assigned);
        Assert.DoesNotContain(list.Items, r => r.Id == other);
        await companies.GetAsync(assigned);
        await Assert.ThrowsAsync<NotFoundProblem>(() => companies.GetAsync(other));   // by URL too

        var employeeId = (await (await As(Demo.Admin)).TeamAsync(other)).Available.Single().UserId;
        var asEmployee = await As(Demo.Employee);
        await Assert.ThrowsAsync<ForbiddenProblem>(() => asEmployee.AssignAsync(assigned, employeeId, true));
        await (await As(Demo.Admin)).AssignAsync(other, employeeId, true);
        await companies.GetAsync(other);
        Assert.Equal(6, (await companies.ListAsync(new CompanyListQuery())).Total);
        await (await As(Demo.Legal)).AssignAsync(other, employeeId, false);
        await Assert.ThrowsAsync<NotFoundProblem>(() => companies.GetAsync(other));

        // Another partner's admin cannot assign Nordtal's employee.
        var fjord = await As(Demo.Fjord);
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.AssignAsync(other, employeeId, true));
    }

    [Fact]
    public async Task Declining_records_the_decision_tells_the_partner_and_creates_nothing()
    {
        var (id, token) = await InviteAsync();
        Assert.Null(await (await As(Demo.Legal)).DeclineAsync(token));
        await using var db = _app.Db();
        Assert.Equal(ClientInvitationStatus.Declined, (await db.ClientInvitations.SingleAsync(i => i.Id == id)).Status);
        Assert.False(await db.Companies.AnyAsync(c => c.OrganisationNumber == "DK99887766"));
        Assert.Contains(db.OutboxMessages, m => m.To == Demo.Legal && m.Subject.Contains("declined"));
    }

    [Fact]
    public async Task An_expired_link_changes_nothing_shows_as_expired_and_a_resend_makes_a_new_link_that_works()
    {
        var (id, token) = await InviteAsync();
        _clock.Advance(ClientService.Lifetime + TimeSpan.FromMinutes(1));
        var legal = await As(Demo.Legal);
        Assert.Contains("expired", (await legal.OpenAsync(token)).Problem);
        Assert.NotNull(await legal.AcceptAsync(token, new ClientDecision(AccessRight.All, PaymentMethod.PartnerPays)));
        var row = Assert.Single((await legal.ListAsync(InvitationState.Expired, 1)).Items, i => i.Id == id);
        Assert.DoesNotContain((await legal.ListAsync(InvitationState.Pending, 1)).Items, i => i.Id == id);

        await legal.ResendAsync(id, row.Version);
        var fresh = await LatestTokenAsync("ida@nyklient.example");
        Assert.NotEqual(token, fresh);
        Assert.NotNull((await legal.OpenAsync(token)).Problem);
        Assert.Null((await legal.OpenAsync(fresh)).Problem);
        Assert.Equal(InvitationState.Pending, Assert.Single((await legal.ListAsync(null, 1)).Items, i => i.Id == id).State);
    }

    [Fact]
    public async Task A_revoked_link_no_longer_works_and_another_partners_invitation_acts_like_an_unknown_one()
    {
        var (id, token) = await InviteAsync();
        var row = Assert.Single((await (await As(Demo.Legal)).ListAsync(null, 1)).Items, i => i.Id == id);

        await using (var db = _app.Db())
            await db.PartnerMembers.Where(m => m.User.Email == Demo.Fjord)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Role, PartnerRole.LegalRepresentative));
        var fjord = await As(Demo.Fjord);
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.RevokeAsync(id, row.Version));
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.ResendAsync(id, row.Version));
        Assert.Empty((await fjord.ListAsync(null, 1)).Items);

        await (await As(Demo.Legal)).RevokeAsync(id, row.Version);
        Assert.NotNull((await fjord.OpenAsync(token)).Problem);
        Assert.Equal(InvitationState.Revoked,
            Assert.Single((await (await As(Demo.Legal)).ListAsync(null, 1)).Items, i => i.Id == id).State);
    }
}
