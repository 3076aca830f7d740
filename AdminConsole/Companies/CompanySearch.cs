using AdminConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Companies;

/// <summary>
/// Case-insensitive substring search over name, organisation number and agreement number.
/// SQLite cannot use a B-tree index for '%term%', so terms of three or more characters go through
/// the FTS5 trigram index (CompanySearch, kept in step by triggers); shorter ones fall back to LIKE.
/// </summary>
public static class CompanySearch
{
    public const int TrigramMinimum = 3;

    public static IQueryable<Company> Apply(AppDbContext db, IQueryable<Company> companies, string term)
    {
        term = term.Trim();
        if (term.Length >= TrigramMinimum)
        {
            // A quoted FTS5 string is matched as a substring by the trigram tokenizer.
            var match = "\"" + term.Replace("\"", "\"\"") + "\"";
            var ids = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM CompanySearch WHERE CompanySearch MATCH {match}");
            return companies.Where(c => ids.Contains(c.Id));
        }

        var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        return companies.Where(c => EF.Functions.Like(c.Name, pattern, "\\") ||
                                    EF.Functions.Like(c.OrganisationNumber, pattern, "\\") ||
                                    EF.Functions.Like(c.AgreementNumber, pattern, "\\"));
    }
}
