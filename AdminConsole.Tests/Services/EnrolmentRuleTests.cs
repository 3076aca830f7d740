using AdminConsole.Administrators;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>
/// Nobody grants or keeps a right they do not hold in the company, and an enrolled partner never edits its own
/// enrolment: every role × every set of granted rights, for Select, Change and Deselect.
/// </summary>
public sealed class EnrolmentRuleTests : IAsyncLifetime
{
    private const AccessRight View = AccessRight.ViewCompany;
    private ConsoleApp _app = null!;
    private int _company, _bakery, _rackbeat, _fjord;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        _rackbeat = await db.Partners.Where(p => p.Name == DemoData.Rackbeat).Select(p => p.Id).SingleAsync();
        _fjord = await db.Partners.Where(p => p.Name == DemoData.Fjord).Select(p => p.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The rights a partner person holds in a client: what was granted, within what the role may ever do.</summary>
    private static AccessRight Holds(PartnerRole role, AccessRight granted) =>
        (granted | View) & ((role == PartnerRole.PartnerEmployee
            ? View | AccessRight.ManageUsers | AccessRight.ExportData
            : AccessRight.All) | View);

    private static IEnumerable<AccessRight> AllSets() =>
        Enumerable.Range(0, 64).Select(i => (AccessRight)i).Where(r => r.HasFlag(View));

    /// <summary>The company's enrolments, replaced: Rackbeat with the given rights, and Fjord (with all rights) if asked.</summary>
    private async Task<(int Rackbeat, int? Fjord)> EnrolAsync(int company, AccessRight rackbeat, bool fjord)
    {
        await using var db = _app.Db();
        await db.AdministratorAccesses.Where(a => a.CompanyId == company).ExecuteDeleteAsync();
        AdministratorAccess Access(int partner, AccessRight rights) => new()
        {
            CompanyId = company, PartnerId = partner, Rights = rights, GrantedAt = DateTime.UtcNow,
            GrantedByUserId = "test", GrantedByName = "Test",
        };
        var r = Access(_rackbeat, rackbeat);
        var f = fjord ? Access(_fjord, AccessRight.All) : null;
        db.AdministratorAccesses.Add(r);
        if (f is not null)
            db.AdministratorAccesses.Add(f);
        await db.SaveChangesAsync();
        return (r.Id, f?.Id);
    }

    private async Task<AccessRight?> RightsOfAsync(int company, int partner)
    {
        await using var db = _app.Db();
        return await db.AdministratorAccesses.Where(a => a.CompanyId == company && a.PartnerId == partner && a.EndedAt == null)
            .Select(a => (AccessRight?)a.Rights).SingleOrDefaultAsync();
    }

    /// <summary>Rackbeat's people get the role; as employees they are assigned to the company (else they would not reach it).</summary>
    private async Task SetRackbeatRoleAsync(PartnerRole role)
    {
        await using var db = _app.Db();
        await db.PartnerMembers.Where(m => m.PartnerId == _rackbeat).ExecuteUpdateAsync(u => u.SetProperty(m => m.Role, role));
        foreach (var user in await db.PartnerMembers.Where(m => m.PartnerId == _rackbeat).Select(m => m.UserId).ToListAsync())
            if (!await db.ClientAssignments.AnyAsync(a => a.UserId == user && a.CompanyId == _company))
                db.ClientAssignments.Add(new ClientAssignment { UserId = user, CompanyId = _company, AssignedByName = "Test" });
        await db.SaveChangesAsync();
    }

    /// <summary>Runs an action that should either pass or be refused with a <see cref="ForbiddenProblem"/>; returns which.</summary>
    private static async Task<bool> AllowedAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (ForbiddenProblem)
        {
            return false;
        }
    }

    [Fact]
    public async Task An_enrolled_partner_grants_changes_and_deselects_only_within_its_own_rights_and_never_touches_its_own_enrolment()
    {
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<PartnerRole>())
        {
            await SetRackbeatRoleAsync(role);
            foreach (var granted in AllSets())
            {
                var holds = Holds(role, granted);
                var manages = holds.HasFlag(AccessRight.ManageAdministrators);
                var service = await _app.ServiceAsAsync<AdministratorService>(Demo.Rackbeat);
                void Check(string what, bool expected, bool actual)
                {
                    if (expected != actual)
                        failures.Add($"{role} granted {granted}: {what} was {(actual ? "allowed" : "refused")}");
                }

                foreach (var wanted in new[] { granted, AccessRight.All })
                {
                    await EnrolAsync(_company, granted, fjord: false);
                    var selected = await AllowedAsync(() => service.SelectAsync(_company, _fjord, new AccessGrant(wanted, null)));
                    Check($"select Fjord with {wanted}", manages && (wanted & ~holds) == 0, selected);
                    Check($"Fjord's rights after select with {wanted}", selected,
                        await RightsOfAsync(_company, _fjord) == (wanted | View));

                    var (own, _) = await EnrolAsync(_company, granted, fjord: false);
                    Check($"change own to {wanted}", false,
                        await AllowedAsync(() => service.ChangeAsync(_company, own, new AccessGrant(wanted, null), 0)));
                    Check("own rights unchanged", true, await RightsOfAsync(_company, _rackbeat) == granted);
                }

                var (mine, _) = await EnrolAsync(_company, granted, fjord: false);
                Check("deselect own", false, await AllowedAsync(() => service.DeselectAsync(_company, mine)));

                foreach (var wanted in new[] { View, granted, AccessRight.All })
                {
                    var (_, fjord) = await EnrolAsync(_company, granted, fjord: true);
                    var changed = await AllowedAsync(() => service.ChangeAsync(_company, fjord!.Value, new AccessGrant(wanted, null), 0));
                    Check($"change Fjord to {wanted}", manages && (wanted & ~holds) == 0, changed);
                    Check($"Fjord's rights after change to {wanted}", true,
                        await RightsOfAsync(_company, _fjord) == (changed ? wanted | View : AccessRight.All));
                }

                var (_, other) = await EnrolAsync(_company, granted, fjord: true);
                Check("deselect Fjord", manages, await AllowedAsync(() => service.DeselectAsync(_company, other!.Value)));
            }
        }
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(Demo.Legal, AccessRight.All, true)]
    [InlineData(Demo.Admin, AccessRight.All, true)]
    [InlineData(Demo.Employee, AccessRight.ViewCompany, false)]          // employees manage no administrators
    [InlineData(Demo.Operator, AccessRight.All, true)]
    [InlineData(Demo.Superuser, AccessRight.All, false)]                  // the company user holds no subscription or billing right
    [InlineData(Demo.Superuser, AccessRight.ManageBilling, false)]
    [InlineData(Demo.Superuser, AccessRight.ManageUsers | AccessRight.ExportData | AccessRight.ManageAdministrators, true)]
    public async Task The_owner_the_operator_and_the_companys_superuser_grant_what_they_hold(string email, AccessRight wanted,
        bool allowed)
    {
        var company = email == Demo.Superuser ? _bakery : _company;
        await _app.AssignAsync(Demo.Employee, _company);
        await using (var db = _app.Db())
            await db.AdministratorAccesses.Where(a => a.CompanyId == company).ExecuteDeleteAsync();
        var service = await _app.ServiceAsAsync<AdministratorService>(email);
        Assert.Equal(allowed, await AllowedAsync(() => service.SelectAsync(company, _rackbeat, new AccessGrant(wanted, null))));
        Assert.Equal(allowed ? wanted | View : null, await RightsOfAsync(company, _rackbeat));
    }

    [Fact]
    public async Task The_administrators_screen_offers_only_what_the_person_may_do()
    {
        await SetRackbeatRoleAsync(PartnerRole.PartnerAdmin);
        await EnrolAsync(_company, View | AccessRight.ManageAdministrators, fjord: true);
        var model = await (await _app.ServiceAsAsync<AdministratorService>(Demo.Rackbeat)).GetAsync(_company);
        Assert.Equal(View | AccessRight.ManageAdministrators, model.Grantable);
        Assert.False(model.Enrolled.Single(e => e.PartnerId == _rackbeat).CanChange);
        Assert.True(model.Enrolled.Single(e => e.PartnerId == _fjord).CanChange);
        // Its own partner is not offered in the directory.
        var directory = await (await _app.ServiceAsAsync<AdministratorService>(Demo.Rackbeat)).SearchAsync(_company, "", 1, 50);
        Assert.DoesNotContain(directory.Items, e => e.PartnerId == _rackbeat);

        var owner = await (await _app.ServiceAsAsync<AdministratorService>(Demo.Admin)).GetAsync(_company);
        Assert.Equal(AccessRight.All, owner.Grantable);
        Assert.All(owner.Enrolled, e => Assert.True(e.CanChange));
    }
}
