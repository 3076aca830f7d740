using System.Globalization;
using AdminConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Companies;

/// <summary>Agreement numbers are six digits; a new company gets the one after the highest.</summary>
public static class AgreementNumbers
{
    public static async Task<string> NextAsync(AppDbContext db, CancellationToken ct)
    {
        var highest = await db.Companies.Select(c => c.AgreementNumber).Where(n => n.Length == 6)
            .OrderByDescending(n => n).FirstOrDefaultAsync(ct);
        return (int.Parse(highest ?? "399999", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
    }
}
