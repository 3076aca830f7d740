using System.Text.RegularExpressions;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Portal;
using AdminConsole.PortalUsers;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>Journey 3 in the services: orderers, shared logins, set-password links and what the portal allows, on SQLite.</summary>
public sealed class PortalUserServiceTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _bakery, _cafe, _canteen, _hotel, _other;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        int Customer(string number) => db.Customers.Single(c => c.CompanyId == _bakery && c.CustomerNumber == number).Id;
        (_cafe, _canteen, _hotel, _other) = (Customer("10001"), Customer("10002"), Customer("10003"), Customer("10500"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<PortalUserService> As(string email = Demo.Superuser) => _app.ServiceAsAsync<PortalUserService>(email);

    private async Task<PortalLogin> LoginAsync(string email)
    {
        await using var db = _app.Db();
        return await db.PortalLogins.SingleAsync(l => l.CompanyId == _bakery && l.Email == email);
    }

    [Fact]
    public async Task A_new_orderer_with_an_e_mail_that_has_a_login_joins_it_and_never_wipes_its_password()
    {
        var before = await LoginAsync(DemoData.PortalOrdererEmail);
        Assert.NotNull(before.PasswordHash);
        var service = await As();
        var info = await service.LookupLoginAsync(_bakery, " ANNA@CafeNordlys.example ");
        Assert.True(info is { Exists: true, PasswordSet: true });
        Assert.Contains("Café Nordlys ApS", info.UsedAt);

        // Exactly the source system's case: a new contact, same user name, no password typed.
        await service.AddOrdererAsync(_bakery, _hotel, new OrdererInput("Anna Kok", " ANNA@CafeNordlys.example ", true, PortalPermission.All));

        var after = await LoginAsync(DemoData.PortalOrdererEmail);
        Assert.Equal((before.Id, before.PasswordHash, before.SecurityStamp), (after.Id, after.PasswordHash, after.SecurityStamp));
        var hotel = await service.GetCustomerAsync(_bakery, _hotel);
        var anna = Assert.Single(hotel.Orderers, o => o.Name == "Anna Kok");
        Assert.True(anna.PasswordSet);
        Assert.Equal(["Café Nordlys ApS", "Kantinen på Havnen"], anna.AlsoUsedAt.Order());

        // And she still signs in, now with three customers to choose from.
        var portal = await _app.ServiceAsAsync<PortalService>(Demo.Superuser);
        var session = new PortalSession(after.Id, _bakery, after.Email, DemoData.SuperuserCompany);
        Assert.Equal(3, (await portal.CustomersAsync(session)).Count);
    }

    [Fact]
    public async Task A_new_login_gets_its_set_password_link_on_adding_and_an_existing_login_gets_none()
    {
        var service = await As();
        await service.AddOrdererAsync(_bakery, _hotel, new OrdererInput("Ny Person", "ny@fjordgaarden.example", true, PortalPermission.All),
            sendSetPasswordLink: true);
        await service.AddOrdererAsync(_bakery, _hotel, new OrdererInput("Anna Kok", DemoData.PortalOrdererEmail, true, PortalPermission.All),
            sendSetPasswordLink: true);
        await using var db = _app.Db();
        Assert.Equal(["ny@fjordgaarden.example"], await db.OutboxMessages.Select(m => m.To).ToListAsync());
        Assert.Single(db.PortalPasswordTokens);
    }

    [Fact]
    public async Task The_same_e_mail_twice_at_one_customer_is_refused_at_its_field()
    {
        var service = await As();
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            service.AddOrdererAsync(_bakery, _cafe, new OrdererInput("Anna again", DemoData.PortalOrdererEmail, true, PortalPermission.All)));
        Assert.Equal(["Email"], problem.Errors.Keys);
    }

    [Fact]
    public async Task A_set_password_link_is_hashed_single_use_and_the_new_password_serves_every_customer_of_the_login()
    {
        var service = await As();
        var peter = (await service.GetCustomerAsync(_bakery, _hotel)).Orderers.Single();
        Assert.False(peter.PasswordSet);
        await service.SendSetPasswordLinkAsync(_bakery, peter.Id);

        string token;
        await using (var db = _app.Db())
        {
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == "peter@fjordgaarden.example");
            token = Regex.Match(mail.Body, "token=([A-Za-z0-9_-]+)").Groups[1].Value;
            Assert.DoesNotContain(db.PortalPasswordTokens, t => t.TokenHash == token);   // only the hash is stored
            Assert.Contains($"/portal/{_bakery}/set-password?token=", mail.Body);
        }
        var portal = await _app.ServiceAsAsync<PortalService>(Demo.Superuser);
        Assert.NotEmpty(await portal.SetPasswordByLinkAsync(_bakery, token, "short"));          // the console's password rules
        Assert.Empty(await portal.SetPasswordByLinkAsync(_bakery, token, "Peter-Indkob-2026!"));
        Assert.Contains("already been used", Assert.Single(await portal.SetPasswordByLinkAsync(_bakery, token, "Other-Pass-2026!")));
        Assert.Contains("not valid", Assert.Single(await portal.SetPasswordByLinkAsync(_bakery + 1, token, "Other-Pass-2026!")));
        Assert.True((await service.GetCustomerAsync(_bakery, _hotel)).Orderers.Single().PasswordSet);
    }

    [Fact]
    public async Task Switching_internet_user_off_on_every_contact_disables_the_login_but_keeps_it_and_its_history()
    {
        var service = await As();
        var login = await LoginAsync(DemoData.PortalOrdererEmail);
        var portal = await _app.ServiceAsAsync<PortalService>(Demo.Superuser);
        var session = new PortalSession(login.Id, _bakery, login.Email, DemoData.SuperuserCompany);
        foreach (var customer in new[] { _cafe, _canteen })
        {
            var anna = (await service.GetCustomerAsync(_bakery, customer)).Orderers.Single(o => o.Email == DemoData.PortalOrdererEmail);
            await service.ChangeOrdererAsync(_bakery, anna.Id, new OrdererInput(anna.Name, anna.Email, false, anna.Permissions), anna.Version);
        }
        Assert.Empty(await portal.CustomersAsync(session));
        await Assert.ThrowsAsync<NotFoundProblem>(() => portal.HomeAsync(session, _cafe));
        await using var db = _app.Db();
        Assert.True(await db.PortalLogins.AnyAsync(l => l.Id == login.Id && l.PasswordHash != null));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.CompanyId == _bakery && a.Action == "portal.orderer.changed"));
    }

    [Fact]
    public async Task The_second_of_two_admins_editing_one_orderer_gets_a_conflict()
    {
        var first = await As();
        var second = await As(Demo.Admin);
        var seen = (await first.GetCustomerAsync(_bakery, _hotel)).Orderers.Single();
        await first.ChangeOrdererAsync(_bakery, seen.Id, new OrdererInput("Peter I.", seen.Email, true, seen.Permissions), seen.Version);
        await Assert.ThrowsAsync<ConflictProblem>(() =>
            second.ChangeOrdererAsync(_bakery, seen.Id, new OrdererInput("Peter X", seen.Email, true, seen.Permissions), seen.Version));
        Assert.Equal("Peter I.", (await second.GetCustomerAsync(_bakery, _hotel)).Orderers.Single().Name);
    }

    [Fact]
    public async Task Another_partner_sees_nothing_and_a_partner_without_the_users_right_changes_nothing()
    {
        var fjord = await As(Demo.Fjord);
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.GetCustomerAsync(_bakery, _cafe));
        await Assert.ThrowsAsync<NotFoundProblem>(() => fjord.SearchCustomersAsync(_bakery, null, 1));

        // Rackbeat enrolled in the bakery with View only: it may look, not change.
        await using (var db = _app.Db())
        {
            db.AdministratorAccesses.Add(new AdministratorAccess
            {
                CompanyId = _bakery, PartnerId = await db.Partners.Where(p => p.Name == DemoData.Rackbeat).Select(p => p.Id).SingleAsync(),
                Rights = AccessRight.ViewCompany, GrantedByUserId = "test", GrantedByName = "Test", GrantedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var rackbeat = await As(Demo.Rackbeat);
        Assert.NotEmpty((await rackbeat.GetCustomerAsync(_bakery, _cafe)).Orderers);
        await Assert.ThrowsAsync<ForbiddenProblem>(() =>
            rackbeat.AddOrdererAsync(_bakery, _cafe, new OrdererInput("X", "x@example.com", true, PortalPermission.All)));
        await Assert.ThrowsAsync<ForbiddenProblem>(() => rackbeat.SaveSettingsAsync(_bakery, PortalPermission.None, 0));

        // A customer id of another company reads as unknown, even to someone who may manage their own company.
        int nordtalClient;
        await using (var db = _app.Db())
            nordtalClient = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Id != _bakery).Select(c => c.Id).FirstAsync();
        var admin = await As(Demo.Admin);
        await Assert.ThrowsAsync<NotFoundProblem>(() => admin.GetCustomerAsync(nordtalClient, _cafe));
        await Assert.ThrowsAsync<NotFoundProblem>(() =>
            admin.AddOrdererAsync(nordtalClient, _cafe, new OrdererInput("X", "x@example.com", true, PortalPermission.All)));
    }

    [Fact]
    public async Task The_register_is_searched_and_paged_in_the_database()
    {
        var service = await As();
        var all = await service.SearchCustomersAsync(_bakery, null, 1);
        Assert.Equal(20_000, all.Total);
        Assert.Equal(25, all.Items.Count);
        var byNumber = await service.SearchCustomersAsync(_bakery, "10002", 1);
        Assert.Equal("Kantinen på Havnen", Assert.Single(byNumber.Items).Name);
        var byName = await service.SearchCustomersAsync(_bakery, "NORDLYS", 1);
        Assert.Contains(byName.Items, c => c.Name == "Café Nordlys ApS" && c.Orderers == 2);
        var last = await service.SearchCustomersAsync(_bakery, null, 10_000);
        Assert.Equal(800, last.Page);   // a page past the end shows the last one
    }

    [Fact]
    public async Task Settings_save_with_a_concurrency_check_and_an_audit_entry_before_and_after()
    {
        var first = await As();
        var second = await As(Demo.Admin);
        var seen = await first.GetSettingsAsync(_bakery);
        await first.SaveSettingsAsync(_bakery, seen.Permissions & ~PortalPermission.SeePrices, seen.Version);
        await Assert.ThrowsAsync<ConflictProblem>(() => second.SaveSettingsAsync(_bakery, PortalPermission.All, seen.Version));
        await using var db = _app.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.CompanyId == _bakery && a.Action == "portal.settings.changed");
        Assert.Contains("SeePrices", audit.Before);
        Assert.DoesNotContain("SeePrices", audit.After);
        Assert.Equal("Karen Hansen", audit.ActorName);
    }

    [Fact]
    public async Task A_typed_password_follows_the_console_rules_and_is_stored_only_as_a_hash()
    {
        var service = await As();
        var peter = (await service.GetCustomerAsync(_bakery, _hotel)).Orderers.Single();
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() => service.SetPasswordAsync(_bakery, peter.Id, "password"));
        Assert.Equal(["Password"], problem.Errors.Keys);
        var password = PortalUserService.SuggestPassword();
        await service.SetPasswordAsync(_bakery, peter.Id, password);
        await using var db = _app.Db();
        var login = await db.PortalLogins.SingleAsync(l => l.Email == "peter@fjordgaarden.example");
        Assert.NotNull(login.PasswordHash);
        Assert.DoesNotContain(password, login.PasswordHash);
        Assert.DoesNotContain(db.AuditEntries.AsEnumerable(), a => (a.After ?? "").Contains(password));
    }
}
