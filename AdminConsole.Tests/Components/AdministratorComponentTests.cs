using AdminConsole.Administrators;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AdminConsole.Tests.Components;

/// <summary>The administrator search, the Select/Deselect toggle and the Select dialog, over the real service.</summary>
public sealed class AdministratorComponentTests : ConsoleComponentTest
{
    private int _company;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = App.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && !c.AdministratorAccesses.Any())
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    private IRenderedComponent<AdministratorsSection> RenderSection()
    {
        var summary = Scope.ServiceProvider.GetRequiredService<CompanyService>().GetAsync(_company).GetAwaiter().GetResult();
        return Render<AdministratorsSection>(p => p.AddCascadingValue(summary));
    }

    private static void Search(IRenderedComponent<AdministratorsSection> cut, string term)
    {
        cut.Find("input").Input(term);
        cut.Find("input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
    }

    [Fact]
    public void Searching_lists_matching_administrators_with_Select()
    {
        var cut = RenderSection();
        Search(cut, "rack");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button[aria-label='Select Rackbeat Admin']")));
        Assert.DoesNotContain("Fjord Regnskap Admin", cut.Markup);

        Search(cut, "zzz");
        cut.WaitForAssertion(() => Assert.Contains("No administrator matches \"zzz\".", cut.Markup));
    }

    [Fact]
    public void Select_starts_with_view_only_explains_each_right_and_OK_grants_exactly_what_was_ticked()
    {
        var cut = RenderSection();
        Search(cut, "rackbeat");
        cut.WaitForElement("button[aria-label='Select Rackbeat Admin']").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("will become an administrator", Dialogs.Markup));
        var boxes = Dialogs.FindAll("input[type=checkbox]");
        Assert.Equal(6, boxes.Count);   // the reseller of record holds every right, so every right is offered
        Assert.Equal([true, false, false, false, false, false], boxes.Select(b => b.IsChecked()));
        Assert.True(boxes[0].HasAttribute("disabled"));   // View is the minimum
        Assert.Contains("Change the plan and switch between an internal and an external agreement.", Dialogs.Markup);
        Assert.Contains("Download the company's data as CSV files.", Dialogs.Markup);

        Dialogs.FindAll("input[type=checkbox]")[3].Change(true);   // Manage users and portal logins
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "OK").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button[aria-label='Deselect Rackbeat Admin']"), b =>
            b.ClosestAncestor("table")?.QuerySelector("caption")?.TextContent == "Search results"));
        // The new enrolment is on top of "Enrolled administrators", marked as new.
        cut.WaitForAssertion(() => Assert.Contains("New", cut.Find("tr.newly-enrolled").TextContent));
        using var db = App.Db();
        Assert.Equal(AccessRight.ViewCompany | AccessRight.ManageUsers, db.AdministratorAccesses.Single(a => a.CompanyId == _company).Rights);
    }

    [Fact]
    public void Cancel_in_the_dialog_changes_nothing()
    {
        var cut = RenderSection();
        Search(cut, "rackbeat");
        cut.WaitForElement("button[aria-label='Select Rackbeat Admin']").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("will become an administrator", Dialogs.Markup));
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button[aria-label='Select Rackbeat Admin']")));
        using var db = App.Db();
        Assert.False(db.AdministratorAccesses.Any(a => a.CompanyId == _company));
    }
}

internal static class ElementExtensions
{
    public static bool IsChecked(this AngleSharp.Dom.IElement e) => e is AngleSharp.Html.Dom.IHtmlInputElement { IsChecked: true };

    public static AngleSharp.Dom.IElement? ClosestAncestor(this AngleSharp.Dom.IElement e, string tag)
    {
        for (var p = e.ParentElement; p is not null; p = p.ParentElement)
            if (p.LocalName == tag)
                return p;
        return null;
    }
}
