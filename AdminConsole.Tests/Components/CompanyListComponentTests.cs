using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Components;

/// <summary>The company grid, rendered by bUnit over the real service and a real SQLite file.</summary>
public sealed class CompanyListComponentTests : ConsoleComponentTest
{
    [Fact]
    public void The_search_box_takes_no_more_than_the_service_accepts()
    {
        var cut = Render<CompanyList>(p => p.Add(x => x.Query, new CompanyListQuery()));
        Assert.Equal(AdminConsole.Infrastructure.TextRules.Search.ToString(), cut.Find("input").GetAttribute("maxlength"));
    }

    [Fact]
    public async Task A_clients_row_opens_its_partner_access_requested_beside_granted()
    {
        string name;
        await using (var db = App.Db())
            name = await db.ClientInvitations.Where(i => i.Status == ClientInvitationStatus.Accepted)
                .Select(i => i.Company!.Name).SingleAsync();
        var cut = Render<CompanyList>(p => p.Add(x => x.Query, new CompanyListQuery(Search: name)));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
        var toggle = cut.Find($"button[aria-label='Partner access of {name}']");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        toggle.Click();
        cut.WaitForAssertion(() => Assert.Contains("The client pays (invoice or card)", cut.Markup));
        Assert.Contains("Requested: View company, Manage subscription, Manage administrators, Manage users and portal logins, Manage billing, Export data",
            cut.Markup);
        Assert.Contains("Granted: View company, Manage subscription, Manage administrators, Manage users and portal logins, Export data",
            cut.Markup);
    }

    [Fact]
    public void It_renders_one_page_of_rows_and_the_total()
    {
        var cut = Render<CompanyList>(p => p.Add(x => x.Query, new CompanyListQuery(PageSize: 10)));
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("tbody tr").Count));
        Assert.Contains("1–10 of 111 companies", cut.Markup);
        Assert.Equal(10, cut.FindAll("a[aria-label^='Manage ']").Count);
    }

    [Fact]
    public void Typing_in_the_search_box_asks_for_a_new_query_and_the_new_query_shows_only_matches()
    {
        CompanyListQuery? asked = null;
        var cut = Render<CompanyList>(p => p
            .Add(x => x.Query, new CompanyListQuery(Page: 3))
            .Add(x => x.QueryChanged, q => asked = q));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tbody tr")));

        cut.Find("input").Input("bageriet");
        cut.WaitForAssertion(() => Assert.Equal("bageriet", asked?.Search), TimeSpan.FromSeconds(3));
        Assert.Equal(1, asked!.Page);

        cut.Render(p => p.Add(x => x.Query, asked));
        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("tbody tr"));
            Assert.Contains(DemoData.SuperuserCompany, row.TextContent);
        });
    }

    [Fact]
    public void Clicking_a_column_header_sorts_by_it_and_clicking_again_reverses()
    {
        CompanyListQuery? asked = null;
        var cut = Render<CompanyList>(p => p
            .Add(x => x.Query, new CompanyListQuery())
            .Add(x => x.QueryChanged, q => asked = q));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tbody tr")));

        cut.FindAll("th button").Single(b => b.TextContent.Trim() == "Plan").Click();
        Assert.Equal((CompanySort.Plan, false), (asked!.Sort, asked.Descending));

        cut.Render(p => p.Add(x => x.Query, asked));
        Assert.Equal("ascending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Plan").GetAttribute("aria-sort"));
        cut.FindAll("th button").Single(b => b.TextContent.Trim() == "Plan").Click();
        Assert.True(asked.Descending);
    }

    [Fact]
    public void No_match_says_so()
    {
        var cut = Render<CompanyList>(p => p.Add(x => x.Query, new CompanyListQuery(Search: "zzzqqq")));
        cut.WaitForAssertion(() => Assert.Contains("No company matches \"zzzqqq\".", cut.Markup));
    }
}
