using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>Search, sort and paging of the company list, all done by the database.</summary>
public sealed class CompanyListTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private CompanyService _companies = null!;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        _companies = await _app.ServiceAsAsync<CompanyService>(Demo.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("bageriet hansen")] // name, any case
    [InlineData("AGERIET")]          // substring in the middle
    [InlineData("31415926")]         // organisation number
    [InlineData("399993")]           // agreement number
    [InlineData("1415")]             // part of the organisation number
    public async Task Search_finds_by_substring_of_name_organisation_or_agreement_number(string term)
    {
        var page = await _companies.ListAsync(new CompanyListQuery(Search: term));
        Assert.Contains(page.Items, r => r.Name == DemoData.SuperuserCompany);
    }

    [Fact]
    public async Task One_or_two_characters_match_the_start_of_name_organisation_or_agreement_number()
    {
        var page = await _companies.ListAsync(new CompanyListQuery(Search: "ba", PageSize: 100));
        Assert.Contains(page.Items, r => r.Name == DemoData.SuperuserCompany);
        Assert.All(page.Items, r => Assert.Contains(new[] { r.Name, r.OrganisationNumber, r.AgreementNumber },
            f => f.StartsWith("ba", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(page.Items, r => r.Name.StartsWith("Himmerlands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_with_quotes_or_wildcards_is_taken_literally()
    {
        Assert.Equal(0, (await _companies.ListAsync(new CompanyListQuery(Search: "\"%_*"))).Total);
        Assert.Equal(0, (await _companies.ListAsync(new CompanyListQuery(Search: "%"))).Total);
    }

    [Fact]
    public async Task Renaming_a_company_updates_the_search_index()
    {
        await using (var db = _app.Db())
        {
            var company = await db.Companies.FirstAsync(c => c.Name == DemoData.SuperuserCompany);
            company.Name = "Konditori Zebrafisk ApS";
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, (await _companies.ListAsync(new CompanyListQuery(Search: "zebrafisk"))).Total);
        Assert.Equal(0, (await _companies.ListAsync(new CompanyListQuery(Search: "bageriet hansen"))).Total);
    }

    [Fact]
    public async Task Pages_cover_every_company_once_in_name_order()
    {
        var seen = new List<CompanyRow>();
        PagedResult<CompanyRow> page;
        var number = 1;
        do
        {
            page = await _companies.ListAsync(new CompanyListQuery(Page: number++, PageSize: 25));
            seen.AddRange(page.Items);
        } while (page.Page < page.PageCount);

        Assert.Equal(111, page.Total);
        Assert.Equal(111, seen.Select(r => r.Id).Distinct().Count());
        // By the name's folded key (English), the same on both databases.
        var keys = seen.Select(r => AdminConsole.Infrastructure.NameKeys.Folded(r.Name)).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task A_new_plan_or_agreement_type_moves_the_company_in_the_list_sorted_by_it()
    {
        var first = (await _companies.ListAsync(new CompanyListQuery(Sort: CompanySort.Plan, PageSize: 100))).Items[0];
        Assert.Equal(Plan.Small, first.Plan);
        var subscriptions = await _app.ServiceAsAsync<AdminConsole.Subscriptions.SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(first.Id);
        await subscriptions.ChangeAsync(first.Id, new AdminConsole.Subscriptions.SubscriptionChange(
            status.Current with { Plan = Plan.Plus }, status.Version));

        var byPlan = (await _companies.ListAsync(new CompanyListQuery(Sort: CompanySort.Plan, Descending: true, PageSize: 100))).Items;
        var moved = byPlan.Single(r => r.Id == first.Id);
        Assert.Equal(Plan.Plus, moved.Plan);
        Assert.True(byPlan.TakeWhile(r => r.Id != first.Id).All(r => r.Plan == Plan.Plus), "it sorts among the Plus companies");
        await using var db = _app.Db();
        // A company made later gets its copies from its first subscription.
        Assert.False(await db.Companies.AnyAsync(c => c.SortPlan != c.Subscription.Plan || c.SortAgreementType != c.Subscription.AgreementType));
    }

    [Fact]
    public async Task A_page_past_the_end_shows_the_last_page()
    {
        var page = await _companies.ListAsync(new CompanyListQuery(Page: 999, PageSize: 50));
        Assert.Equal(3, page.Page);
        Assert.Equal(11, page.Items.Count);
    }

    [Theory]
    [InlineData(CompanySort.AgreementNumber)]
    [InlineData(CompanySort.Plan)]
    [InlineData(CompanySort.OrganisationNumber)]
    public async Task Sorting_orders_the_whole_list_not_just_the_page(CompanySort sort)
    {
        var first = await _companies.ListAsync(new CompanyListQuery(Sort: sort, PageSize: 100));
        var descending = await _companies.ListAsync(new CompanyListQuery(Sort: sort, Descending: true, PageSize: 10));
        string Key(CompanyRow r) => sort switch
        {
            CompanySort.Plan => ((int)r.Plan).ToString(),
            CompanySort.OrganisationNumber => r.OrganisationNumber,
            _ => r.AgreementNumber,
        };
        Assert.Equal(first.Items.Select(Key).Order(StringComparer.OrdinalIgnoreCase), first.Items.Select(Key));
        Assert.True(string.Compare(Key(descending.Items[0]), Key(first.Items[0]), StringComparison.OrdinalIgnoreCase) >= 0);
        if (sort == CompanySort.Plan)
            Assert.Equal(Plan.Plus, descending.Items[0].Plan);
    }

    public static TheoryData<string, CompanySort, bool> EveryColumnBothWays()
    {
        var data = new TheoryData<string, CompanySort, bool>();
        foreach (var who in new[] { Demo.Admin, Demo.Operator, Demo.Rackbeat, Demo.Superuser })
        foreach (var sort in Enum.GetValues<CompanySort>())
        foreach (var descending in new[] { false, true })
            data.Add(who, sort, descending);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryColumnBothWays))]
    public async Task Every_column_sorts_both_ways_for_everyone_and_pages_cover_each_company_once(string who, CompanySort sort,
        bool descending)
    {
        var companies = await _app.ServiceAsAsync<CompanyService>(who);
        var seen = new List<CompanyRow>();
        PagedResult<CompanyRow> page;
        var number = 1;
        do
        {
            page = await companies.ListAsync(new CompanyListQuery(Sort: sort, Descending: descending, Page: number++, PageSize: 50));
            seen.AddRange(page.Items);
        } while (page.Page < page.PageCount);

        Assert.Equal(page.Total, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(page.Total, seen.Count);
        string? Key(CompanyRow r) => sort switch
        {
            CompanySort.AgreementNumber => r.AgreementNumber,
            CompanySort.OrganisationNumber => r.OrganisationNumber,
            CompanySort.Plan => ((int)r.Plan).ToString(),
            CompanySort.AgreementType => ((int)r.AgreementType).ToString(),
            CompanySort.CustomerAgreement => r.CustomerAgreement,
            _ => AdminConsole.Infrastructure.NameKeys.Folded(r.Name),
        };
        var keys = seen.Select(Key).Where(k => k is not null).ToList();
        // SQLite's NOCASE folds ASCII only; PostgreSQL's ICU root collation sorts as .NET's invariant culture does.
        // Names sort by their stored key, byte by byte on both.
        var order = sort == CompanySort.Name ? StringComparer.Ordinal
            : TestDatabase.Postgres ? StringComparer.InvariantCultureIgnoreCase : StringComparer.OrdinalIgnoreCase;
        Assert.Equal(descending ? keys.OrderDescending(order) : keys.Order(order), keys);
    }

    [Fact]
    public async Task An_enrolled_partner_sees_neither_the_owners_customer_agreement_nor_its_order()
    {
        var rackbeat = await _app.ServiceAsAsync<CompanyService>(Demo.Rackbeat);
        var byName = await rackbeat.ListAsync(new CompanyListQuery(PageSize: 100));
        Assert.True(byName.Items.Count >= 2);
        var (first, last) = (byName.Items[0].Id, byName.Items[^1].Id);
        await using (var db = _app.Db())
        {
            // Group two of the clients Rackbeat is enrolled in under Nordtal agreements that sort against their names.
            var agreements = await db.CustomerAgreements.Where(a => a.Partner.Name == DemoData.Nordtal).OrderBy(a => a.Name)
                .Select(a => a.Id).ToListAsync();
            await db.Companies.Where(c => c.Id == first).ExecuteUpdateAsync(u => u.SetProperty(c => c.CustomerAgreementId, agreements[^1]));
            await db.Companies.Where(c => c.Id == last).ExecuteUpdateAsync(u => u.SetProperty(c => c.CustomerAgreementId, agreements[0]));
        }
        Assert.All(byName.Items, r => Assert.Null(r.CustomerAgreement));
        foreach (var descending in new[] { false, true })
        {
            // Every key is hidden, so the order falls back to the name: it reveals nothing of the owner's grouping.
            var byAgreement = await rackbeat.ListAsync(new CompanyListQuery(Sort: CompanySort.CustomerAgreement,
                Descending: descending, PageSize: 100));
            Assert.Equal(byName.Items.Select(r => r.Id), byAgreement.Items.Select(r => r.Id));
        }
        foreach (var row in byName.Items)
        {
            var summary = await rackbeat.GetAsync(row.Id);
            Assert.Equal((null, false), (summary.CustomerAgreement, summary.SeesBilling));
        }

        // The owner sees it.
        var owner = await _app.ServiceAsAsync<CompanyService>(Demo.Admin);
        var ownerSummary = await owner.GetAsync(first);
        Assert.True(ownerSummary.SeesBilling);
        Assert.NotNull(ownerSummary.CustomerAgreement);
        var ownerRow = (await owner.ListAsync(new CompanyListQuery(Search: ownerSummary.OrganisationNumber))).Items.Single(r => r.Id == first);
        Assert.Equal(ownerSummary.CustomerAgreement, ownerRow.CustomerAgreement);
    }

    [Theory]
    [InlineData("abc", "nonsense", "sideways", "-3", "7")]
    [InlineData(null, null, null, "99999999999999", "x")]
    public void A_malformed_url_falls_back_to_defaults(string? q, string? sort, string? dir, string? page, string? size)
    {
        var query = CompanyListQuery.FromUrl(q, sort, dir, page, size);
        Assert.Equal((CompanySort.Name, false, 1, 25), (query.Sort, query.Descending, query.Page, query.PageSize));
    }

    [Fact]
    public void The_url_round_trips()
    {
        var query = new CompanyListQuery("Bageriet & co", CompanySort.Plan, true, 3, 50);
        var url = new Uri("http://x/" + query.ToUrl("companies"));
        var args = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query);
        Assert.Equal(query, CompanyListQuery.FromUrl(args["q"], args["sort"], args["dir"], args["page"], args["size"]));
    }

    private async Task RenameAsync(params string[] names)
    {
        await using var db = _app.Db();
        var companies = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Take(names.Length)
            .ToListAsync();
        foreach (var (company, name) in companies.Zip(names))
            company.Name = name;
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> NamesAsync(string language, string search)
    {
        using var _ = AdminConsole.Infrastructure.Languages.Speak(AdminConsole.Infrastructure.Languages.Culture(language));
        return (await _companies.ListAsync(new CompanyListQuery(Search: search, PageSize: 100))).Items.Select(r => r.Name).ToList();
    }

    [Fact]
    public async Task Names_sort_as_the_readers_language_sorts_them()
    {
        await RenameAsync("Qx Zebra", "Qx Ærø", "Qx Østby", "Qx Åby", "Qx Äpfel", "Qx Alfa", "Qx Ob");
        // Danish and Norwegian: æ, ø, å after z (ä with æ).
        Assert.Equal(["Qx Alfa", "Qx Ob", "Qx Zebra", "Qx Äpfel", "Qx Ærø", "Qx Østby", "Qx Åby"], await NamesAsync("da", "qx "));
        Assert.Equal(await NamesAsync("da", "qx "), await NamesAsync("nb", "qx "));
        // German and English: the letters with their base letter (ä as a, æ as ae, ø as o).
        Assert.Equal(["Qx Åby", "Qx Ærø", "Qx Alfa", "Qx Äpfel", "Qx Ob", "Qx Østby", "Qx Zebra"], await NamesAsync("de", "qx "));
        Assert.Equal(await NamesAsync("de", "qx "), await NamesAsync("en", "qx "));
    }

    [Theory]
    [InlineData("o", "Østfold Rør AS")]        // one letter: the start of the name
    [InlineData("ostfold", "Østfold Rør AS")]  // a plain o finds ø
    [InlineData("ØSTFOLD", "Østfold Rør AS")]
    [InlineData("ror", "Østfold Rør AS")]
    [InlineData("kohler", "Köhler Bau GmbH")]   // and ö
    [InlineData("strasse", "Großstraße Druck KG")]
    [InlineData("aero", "Ærø Bryg ApS")]
    public async Task A_search_without_the_accent_finds_the_name_with_it(string term, string name)
    {
        await RenameAsync("Østfold Rør AS", "Köhler Bau GmbH", "Großstraße Druck KG", "Ærø Bryg ApS");
        Assert.Contains(name, await NamesAsync("en", term));
    }

    [Fact]
    public async Task A_company_without_name_keys_gets_them_at_the_next_start()
    {
        await RenameAsync("Østfold Rør AS");
        await using (var db = _app.Db())
            await db.Companies.Where(c => c.Name == "Østfold Rør AS")
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.NameKey, "").SetProperty(c => c.NordicNameKey, ""));
        Assert.DoesNotContain("Østfold Rør AS", await NamesAsync("en", "ostfold"));

        await _app.StopAsync();
        _app = await ConsoleApp.StartAsync(databasePath: _app.DatabasePath);
        _companies = await _app.ServiceAsAsync<CompanyService>(Demo.Admin);
        Assert.Contains("Østfold Rør AS", await NamesAsync("en", "ostfold"));
        await using var check = _app.Db();
        Assert.Equal("|stfold r|r as", await check.Companies.Where(c => c.Name == "Østfold Rør AS").Select(c => c.NordicNameKey).SingleAsync());
    }
}
