using System.Globalization;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Companies;

public enum CompanySort
{
    Name,
    AgreementNumber,
    OrganisationNumber,
    Plan,
    AgreementType,
    CustomerAgreement,
}

/// <summary>The company list's state. It lives in the URL, so reload and Back keep it.</summary>
public sealed record CompanyListQuery(
    string? Search = null,
    CompanySort Sort = CompanySort.Name,
    bool Descending = false,
    int Page = 1,
    int PageSize = 25)
{
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    /// <summary>Reads the query string leniently: anything malformed falls back to the default instead of failing.</summary>
    public static CompanyListQuery FromUrl(string? q, string? sort, string? dir, string? page, string? size)
    {
        var pageNumber = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        var pageSize = int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s) ? s : 25;
        var sortBy = Enum.TryParse<CompanySort>(sort, ignoreCase: true, out var so) && Enum.IsDefined(so) ? so : CompanySort.Name;
        return new CompanyListQuery(TextRules.SearchTerm(q), sortBy,
            string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase), Math.Min(pageNumber, 1_000_000), pageSize);
    }

    public string ToUrl(string path)
    {
        var args = FilterArgs();
        if (Page != 1) args["page"] = Page.ToString(CultureInfo.InvariantCulture);
        if (PageSize != 25) args["size"] = PageSize.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(path, args);
    }

    /// <summary>The CSV download of every row with this search and sort.</summary>
    public string ExportUrl(bool semicolon)
    {
        var args = FilterArgs();
        args["separator"] = semicolon ? "semicolon" : "comma";
        return QueryHelpers.AddQueryString("companies.csv", args);
    }

    /// <summary>
    /// Whether a change can alter what this list shows, given the ids of the rows on screen: which companies are in it
    /// (visibility, names, numbers), its count and its order. A new plan matters only to a row on screen or when the
    /// list is sorted by it; invitations and ended sessions never do.
    /// </summary>
    public bool MayShow(Live.ChangeEvent change, IEnumerable<int> shown) => change.Kind switch
    {
        Live.ChangeKind.SubscriptionChanged => Sort is CompanySort.Plan or CompanySort.AgreementType ||
                                               change.CompanyId is not int id || shown.Contains(id),
        Live.ChangeKind.AgreementChanged => Sort == CompanySort.CustomerAgreement ||
                                            change.CompanyId is not int company || shown.Contains(company),
        Live.ChangeKind.ClientsChanged or Live.ChangeKind.SessionsEnded => false,
        _ => true,
    };

    /// <summary>
    /// The rows on screen with a change applied in place when the change carries what they show (a new plan or
    /// agreement type, and the list is not sorted by it); null when the list must be read again.
    /// </summary>
    public PagedResult<CompanyRow>? InPlace(Live.ChangeEvent change, PagedResult<CompanyRow> shown) =>
        change is { Kind: Live.ChangeKind.SubscriptionChanged, CompanyId: int id, Subscription: { } facts } &&
        Sort is not (CompanySort.Plan or CompanySort.AgreementType)
            ? shown with { Items = shown.Items.Select(r => r.Id == id ? r with { Plan = facts.Plan, AgreementType = facts.AgreementType } : r).ToList() }
            : null;

    private Dictionary<string, string?> FilterArgs()
    {
        var args = new Dictionary<string, string?>();
        if (Search is not null) args["q"] = Search;
        if (Sort != CompanySort.Name) args["sort"] = Sort.ToString().ToLowerInvariant();
        if (Descending) args["dir"] = "desc";
        return args;
    }
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Paging.PageCount(Total, PageSize);
}

/// <summary>Page arithmetic for every paged list: a page past the end shows the last page.</summary>
public static class Paging
{
    public static int PageCount(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    public static int Clamp(int page, int total, int pageSize) => Math.Clamp(page, 1, PageCount(total, pageSize));
}
