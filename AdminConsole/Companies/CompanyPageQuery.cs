using System.Data.Common;
using System.Globalization;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Companies;

/// <summary>
/// The company list's count and one page of ids, in SQL written for the planner (see the benchmark):
/// a top-level UNION ALL of "owned" and "enrolled" with ORDER BY … LIMIT … OFFSET merges two
/// index-ordered streams instead of sorting every visible company. Sort columns come from a fixed list.
/// The SQL is the same on SQLite and PostgreSQL (quoted identifiers, @parameters) but for the search clause.
/// Names sort and match by their stored keys (<see cref="NameKeys"/>), in the reader's language.
/// </summary>
internal static class CompanyPageQuery
{
    public static async Task<(int Total, int Page, List<int> Ids)> RunAsync(AppDbContext db, Actor actor, CompanyListQuery query,
        DateTime now, CancellationToken ct)
    {
        if (Shape.Of(db, actor, query) is not { } q)
            return (0, 1, []);
        var count = "SELECT CAST(" + string.Join(" + ",
            q.Arms.Select(a => $"(SELECT count(*) {a.Replace("{join}", "")}{q.Filter})")) + " AS INTEGER) AS \"Value\"";
        var total = await db.Database.SqlQueryRaw<int>(count, q.Parameters(db, actor, now).ToArray<object>()).SingleAsync(ct);

        var page = Paging.Clamp(query.Page, total, query.PageSize);
        // A page in the second half is read from the end, in the reverse order: the OFFSET a page costs is never more
        // than half the list, and the last page costs what the first does.
        var (from, to) = ((page - 1) * query.PageSize, Math.Min(page * query.PageSize, total));
        var fromEnd = from > total / 2;
        var parameters = q.Parameters(db, actor, now)
            .Append(Parameter(db, "take", Math.Max(to - from, 0)))
            .Append(Parameter(db, "skip", fromEnd ? total - to : from))
            .ToArray<object>();
        var sql = q.Select("", fromEnd ? Reversed(q.Order) : q.Order) + " LIMIT @take OFFSET @skip";
        var ids = await db.Database.SqlQueryRaw<int>(sql, parameters).ToListAsync(ct);
        if (fromEnd)
            ids.Reverse();
        return (total, page, ids);
    }

    /// <summary>
    /// Every row the list shows with this search and sort, in its order, streamed from one query (the CSV export):
    /// no OFFSET, no second read per batch. Plan and agreement type come from the company's copies of them.
    /// </summary>
    public static async IAsyncEnumerable<CompanyRowData> AllRowsAsync(AppDbContext db, Actor actor,
        CompanyListQuery query, DateTime now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (Shape.Of(db, actor, query) is not { } q)
            yield break;
        const string columns = """
            , c."Name" AS "r_name", c."AgreementNumber" AS "r_agreement", c."OrganisationNumber" AS "r_organisation",
            c."SortPlan" AS "r_plan", c."SortAgreementType" AS "r_type",
            (SELECT x."Name" FROM "CustomerAgreements" x WHERE x."Id" = c."CustomerAgreementId") AS "r_customer",
            (SELECT y."Name" FROM "Partners" y WHERE y."Id" = c."PartnerId") AS "r_partner", c."PartnerId" AS "r_owner"
            """;
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = q.Select(columns, q.Order);
        command.Parameters.AddRange(q.Parameters(db, actor, now).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var at = reader.GetOrdinal("r_name");
        while (await reader.ReadAsync(ct))
            yield return new CompanyRowData(new CompanyRow(reader.GetInt32(0), reader.GetString(at), reader.GetString(at + 1), reader.GetString(at + 2),
                (Plan)reader.GetInt32(at + 3), (AgreementType)reader.GetInt32(at + 4),
                reader.IsDBNull(at + 5) ? null : reader.GetString(at + 5), reader.GetString(at + 6)), reader.GetInt32(at + 7));
    }

    /// <summary>The same order backwards (NULLs too: each database puts them at the other end when reversed).</summary>
    private static string Reversed(string order) => string.Join(", ", order.Split(", ").Select(term =>
        term.EndsWith(" DESC", StringComparison.Ordinal) ? term[..^5] + " ASC"
        : term.EndsWith(" ASC", StringComparison.Ordinal) ? term[..^4] + " DESC"
        : term + " DESC"));

    /// <summary>What one list query is made of: who sees which arms, the sort's join, keys and order, and the search.</summary>
    private sealed record Shape(IReadOnlyList<string> Arms, bool Sqlite, string Join, string Keys, string Order, string Filter,
        string? Term, string? Key)
    {
        /// <summary>Null when the person sees no company at all.</summary>
        public static Shape? Of(AppDbContext db, Actor actor, CompanyListQuery query)
        {
            var arms = AccessPolicy.VisibleCompanyArms(actor);
            if (arms.Count == 0)
                return null;
            var sqlite = db.Database.IsSqlite();
            var nameKey = NameKeys.SortsNordic(CultureInfo.CurrentCulture) ? "c.\"NordicNameKey\"" : "c.\"NameKey\"";
            var (join, keys, order) = Sort(query.Sort, query.Descending, actor, nameKey);
            var filter = CompanyPageQuery.Filter(query.Search, sqlite, out var term, out var key);
            return new Shape(arms, sqlite, join, keys, order, filter, term, key);
        }

        /// <summary>The ids (and <paramref name="columns"/>) of every arm, merged in this order.</summary>
        public string Select(string columns, string order) =>
            string.Join(" UNION ALL ", Arms.Select(a => $"SELECT c.\"Id\" AS \"Value\", {Keys}{columns} {a.Replace("{join}", Join)}{Filter}"))
            + $" ORDER BY {order}";

        public IEnumerable<DbParameter> Parameters(AppDbContext db, Actor actor, DateTime now) =>
            CompanyPageQuery.Parameters(db, actor, Term, Key, now, Sqlite);
    }

    /// <summary>
    /// The join a sort needs, the key columns it selects (aliased k1, k2: the reader needs distinct names), and ORDER BY
    /// by column number (as a compound SELECT must). The customer agreement sorts only where the person may see it.
    /// Plan and agreement type sort by the company's copies of them, which indexes serve.
    /// </summary>
    private static (string Join, string Keys, string Order) Sort(CompanySort sort, bool descending, Actor actor, string nameKey)
    {
        var dir = descending ? "DESC" : "ASC";
        var (join, first, second) = sort switch
        {
            CompanySort.AgreementNumber => ("", "c.\"AgreementNumber\"", null),
            CompanySort.OrganisationNumber => ("", "c.\"OrganisationNumber\"", null),
            // The subscription's copies on the company (see Company.SortPlan): an index serves the order.
            CompanySort.Plan => ("", "c.\"SortPlan\"", nameKey),
            CompanySort.AgreementType => ("", "c.\"SortAgreementType\"", nameKey),
            CompanySort.CustomerAgreement => ("LEFT JOIN \"CustomerAgreements\" ca ON ca.\"Id\" = c.\"CustomerAgreementId\"" +
                                              AccessPolicy.BillingJoinCondition(actor), "ca.\"Name\"", nameKey),
            _ => ("", nameKey, (string?)null),
        };
        // An indexed pair reads in one direction (a plan's companies by name, reversed as a whole when descending);
        // the customer agreement, joined, keeps its companies by name either way.
        var ties = sort is CompanySort.Plan or CompanySort.AgreementType ? $"3 {dir}, 1 {dir}" : "3, 1";
        return second is null
            ? (join, $"{first} AS \"k1\"", $"2 {dir}, 1 {dir}")
            : (join, $"{first} AS \"k1\", {second} AS \"k2\"", $"2 {dir}, {ties}");
    }

    /// <summary>
    /// Three or more characters: substring anywhere (SQLite: the FTS5 trigram index; PostgreSQL: ILIKE on trigram
    /// GIN indexes). One or two characters (which a trigram index cannot serve, and which as a substring would
    /// match half of 100,000 companies): the start of the name, organisation number or agreement number. The name is
    /// matched by its folded key with the folded term, so "o" finds "Ø" and "Ö" as well.
    /// </summary>
    private static string Filter(string? search, bool sqlite, out string? term, out string? key)
    {
        // Never a control character in a query: a NUL ends an FTS5 string early.
        term = TextRules.SearchTerm(search);
        key = term is null ? null : NameKeys.Folded(term);
        if (term is null || key is null)
            return "";
        var like = sqlite ? "LIKE" : "ILIKE";
        if (term.Length >= CompanySearch.TrigramMinimum)
        {
            if (sqlite)
            {
                // The index holds the folded name and the numbers; the folded term finds both.
                term = CompanySearch.MatchExpression(key);
                return " AND c.\"Id\" IN (SELECT rowid FROM \"CompanySearch\" WHERE \"CompanySearch\" MATCH @term)";
            }
            (term, key) = ("%" + CompanySearch.EscapeLike(term) + "%", "%" + CompanySearch.EscapeLike(key) + "%");
        }
        else
            (term, key) = (CompanySearch.EscapeLike(term) + "%", CompanySearch.EscapeLike(key) + "%");
        return $" AND (c.\"NameKey\" LIKE @key ESCAPE '\\' OR c.\"OrganisationNumber\" {like} @term ESCAPE '\\' " +
               $"OR c.\"AgreementNumber\" {like} @term ESCAPE '\\')";
    }

    private static IEnumerable<DbParameter> Parameters(AppDbContext db, Actor actor, string? term, string? key, DateTime now,
        bool sqlite) =>
    [
        Parameter(db, "partner", actor.PartnerId),
        Parameter(db, "own", actor.OwnCompanyId),
        Parameter(db, "user", actor.UserId),
        // SQLite: EF Core stores DateTime as TEXT in this format, so the comparison is a string comparison.
        Parameter(db, "now", sqlite ? now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : now),
        Parameter(db, "term", term),
        Parameter(db, "key", key),
    ];

    private static DbParameter Parameter(AppDbContext db, string name, object? value)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
