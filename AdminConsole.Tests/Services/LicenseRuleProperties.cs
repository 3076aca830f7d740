using AdminConsole.Agreements;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>
/// The license rule over random users, companies and agreements, counted by the real query on SQLite:
/// what is charged equals, for each agreement, the number of distinct people with access to any of its companies.
/// </summary>
public sealed class LicenseRuleProperties : IAsyncLifetime
{
    private static readonly string[] People = ["ann@a.example", "Ann@A.example", "bo@b.example", "cy@c.example", "di@d.example", "ed@e.example"];
    private ConsoleApp _app = null!;
    private int _partner;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(demo: false);
        await using var db = _app.Db();
        var p = new Partner { Name = "P", AdministratorName = "P Admin" };
        db.Partners.Add(p);
        await db.SaveChangesAsync();
        _partner = p.Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <param name="agreementOf">Per company: its agreement (0–3), or none (4+).</param>
    /// <param name="access">Per access: company, person, accepted.</param>
    /// <param name="superusers">Per company: an external superuser (person index), or internal.</param>
    [Property(MaxTest = 40)]
    public bool Charged_users_equal_distinct_people_per_agreement(byte[] agreementOf, (byte Company, byte Person, bool Accepted)[] access,
        byte[] superusers)
    {
        if (agreementOf.Length == 0)
            return true;
        agreementOf = agreementOf.Take(8).ToArray();
        var companies = agreementOf.Length;
        using var db = _app.Db();
        db.CompanyUsers.ExecuteDelete();
        db.Subscriptions.ExecuteDelete();
        db.Companies.ExecuteDelete();
        db.CustomerAgreements.ExecuteDelete();

        var agreements = Enumerable.Range(0, 4).Select(i => new CustomerAgreement { PartnerId = _partner, Name = $"A{i}", CustomerNumber = $"{i}" }).ToList();
        db.CustomerAgreements.AddRange(agreements);
        var rows = agreementOf.Select((a, i) => new Company
        {
            PartnerId = _partner, Name = $"C{i}", OrganisationNumber = $"{i}", AgreementNumber = $"{100000 + i}",
            CustomerAgreement = a < 4 ? agreements[a] : null,
            Subscription = i < superusers.Length && superusers[i] % 2 == 0
                ? new Subscription { AgreementType = AgreementType.External, SuperuserLogin = $"su{i}", SuperuserName = "S",
                    SuperuserEmail = People[superusers[i] / 2 % People.Length] }
                : new Subscription { AgreementType = AgreementType.Internal },
        }).ToList();
        db.Companies.AddRange(rows);
        // One access per person and company (the first one given wins), as the unique index demands.
        var memberships = access.Select(x => (Company: x.Company % companies, Email: People[x.Person % People.Length], x.Accepted))
            .DistinctBy(x => (x.Company, x.Email.ToLowerInvariant())).ToList();
        foreach (var (company, email, accepted) in memberships)
            db.CompanyUsers.Add(new CompanyUser
            {
                Company = rows[company], Name = "U", Email = email, NormalizedEmail = email.ToLowerInvariant(),
                AcceptedAt = accepted ? DateTime.UtcNow : null,
            });
        db.SaveChanges();

        var counted = LicenseRule.CountAsync(db, agreements.Select(a => a.Id).ToList()).GetAwaiter().GetResult();

        // The model: per agreement, the distinct people (case-insensitive e-mail) with access to any of its companies.
        var holders = memberships.Where(x => x.Accepted).Select(x => (x.Company, x.Email))
            .Concat(rows.Select((r, i) => (Company: i, Email: r.Subscription.SuperuserEmail!)).Where(x => x.Email is not null));
        return agreements.Select((a, i) => i).All(i =>
            counted.GetValueOrDefault(agreements[i].Id) ==
            holders.Where(h => agreementOf[h.Company] == i).Select(h => h.Email.ToLowerInvariant()).Distinct().Count());
    }
}
