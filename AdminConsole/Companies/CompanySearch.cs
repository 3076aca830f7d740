namespace AdminConsole.Companies;

/// <summary>
/// How a search term becomes SQL. SQLite cannot use a B-tree index for LIKE '%term%', so substring search
/// goes through the FTS5 trigram index CompanySearch (kept in step with Companies by triggers).
/// </summary>
public static class CompanySearch
{
    public const int TrigramMinimum = 3;

    /// <summary>A quoted FTS5 string, which the trigram tokenizer matches as a case-insensitive substring.</summary>
    public static string MatchExpression(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";

    /// <summary>Escapes LIKE's wildcards (with backslash as the escape character) so they are taken literally.</summary>
    public static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
