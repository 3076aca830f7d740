using AdminConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Agreements;

/// <summary>
/// The license rule: a person (by e-mail) with access to several companies in one customer agreement is
/// charged once in that agreement; a person in several agreements once per agreement. People with access
/// are the accepted company users and the superuser of an external company. Counted in the database.
/// </summary>
public static class LicenseRule
{
    /// <summary>Distinct license users per agreement, for the given agreements.</summary>
    public static async Task<Dictionary<int, int>> CountAsync(AppDbContext db, IReadOnlyCollection<int> agreementIds,
        CancellationToken ct = default) =>
        await db.CompanyUsers.Where(u => u.AcceptedAt != null && agreementIds.Contains(u.Company.CustomerAgreementId!.Value))
            .Select(u => new { AgreementId = u.Company.CustomerAgreementId!.Value, Email = u.NormalizedEmail })
            .Concat(db.Subscriptions.Where(s => s.AgreementType == AgreementType.External && s.SuperuserEmail != null &&
                                                agreementIds.Contains(s.Company.CustomerAgreementId!.Value))
                .Select(s => new { AgreementId = s.Company.CustomerAgreementId!.Value, Email = s.SuperuserEmail!.ToLower() }))
            .GroupBy(x => x.AgreementId)
            .Select(g => new { g.Key, Count = g.Select(x => x.Email).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}
