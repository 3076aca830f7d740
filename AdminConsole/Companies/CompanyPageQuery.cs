using System.Globalization;
using AdminConsole.Auth;
using AdminConsole.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Companies;

/// <summary>
/// The company list's count and one page of ids, in SQL written for SQLite's planner (see the benchmark):
/// a top-level UNION ALL of "owned" and "enrolled" with ORDER BY … LIMIT … OFFSET merges two
/// index-ordered streams instead of sorting every visible company. Sort columns come from a fixed list.
/// </summary>
internal static class CompanyPageQuery
{
    public static async Task<(int Total, List<int> Ids)> RunAsync(AppDbContext db, Actor actor, CompanyListQuery query,
        DateTime now, CancellationToken ct)
    {
        var arms = AccessPolicy.VisibleCompanyArms(actor);
        if (arms.Count == 0)
            return (0, []);
        var (join, keys, order) = Sort(query.Sort, query.Descending);
        var filter = Filter(query.Search, out var term);

        var count = "SELECT " + string.Join(" + ",
            arms.Select(a => $"(SELECT count(*) {a.Replace("{join}", "")}{filter})")) + " AS Value";
        var total = await db.Database.SqlQueryRaw<int>(count, Parameters(actor, term, now)).SingleAsync(ct);

        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));
        var ids = string.Join(" UNION ALL ",
                      arms.Select(a => $"SELECT c.Id AS Value, {keys} {a.Replace("{join}", join)}{filter}"))
                  + $" ORDER BY {order} LIMIT $take OFFSET $skip";
        var parameters = Parameters(actor, term, now)
            .Append(new SqliteParameter("$take", query.PageSize))
            .Append(new SqliteParameter("$skip", (page - 1) * query.PageSize))
            .ToArray();
        return (total, await db.Database.SqlQueryRaw<int>(ids, parameters).ToListAsync(ct));
    }

    /// <summary>The join a sort needs, the key columns it selects, and ORDER BY by column number (as a compound SELECT must).</summary>
    private static (string Join, string Keys, string Order) Sort(CompanySort sort, bool descending)
    {
        var dir = descending ? "DESC" : "ASC";
        return sort switch
        {
            CompanySort.AgreementNumber => ("", "c.AgreementNumber", $"2 {dir}, 1 {dir}"),
            CompanySort.OrganisationNumber => ("", "c.OrganisationNumber", $"2 {dir}, 1 {dir}"),
            CompanySort.Plan => ("JOIN Subscriptions s ON s.CompanyId = c.Id", "s.Plan, c.Name", $"2 {dir}, 3, 1"),
            CompanySort.AgreementType => ("JOIN Subscriptions s ON s.CompanyId = c.Id", "s.AgreementType, c.Name", $"2 {dir}, 3, 1"),
            CompanySort.CustomerAgreement => ("LEFT JOIN CustomerAgreements ca ON ca.Id = c.CustomerAgreementId",
                "ca.Name, c.Name", $"2 {dir}, 3, 1"),
            _ => ("", "c.Name", $"2 {dir}, 1 {dir}"),
        };
    }

    /// <summary>
    /// Three or more characters: substring anywhere, through the FTS5 trigram index. One or two characters
    /// (which a trigram index cannot serve, and which as a substring would match half of 100,000 companies):
    /// the start of the name, organisation number or agreement number.
    /// </summary>
    private static string Filter(string? search, out string? term)
    {
        term = search?.Trim();
        if (string.IsNullOrEmpty(term))
            return "";
        if (term.Length >= CompanySearch.TrigramMinimum)
        {
            term = CompanySearch.MatchExpression(term);
            return " AND c.Id IN (SELECT rowid FROM CompanySearch WHERE CompanySearch MATCH $term)";
        }
        term = CompanySearch.EscapeLike(term) + "%";
        return " AND (c.Name LIKE $term ESCAPE '\\' OR c.OrganisationNumber LIKE $term ESCAPE '\\' OR c.AgreementNumber LIKE $term ESCAPE '\\')";
    }

    private static object[] Parameters(Actor actor, string? term, DateTime now) =>
    [
        new SqliteParameter("$partner", (object?)actor.PartnerId ?? DBNull.Value),
        new SqliteParameter("$own", (object?)actor.OwnCompanyId ?? DBNull.Value),
        // Stored by EF Core as TEXT in this format, so the comparison is a string comparison.
        new SqliteParameter("$now", now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        new SqliteParameter("$term", (object?)term ?? DBNull.Value),
    ];
}
