using AdminConsole.Data;
using AdminConsole.PortalUsers;
using AdminConsole.Tests.Support;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace AdminConsole.Tests.Components;

/// <summary>The orderer dialog over the real service: an existing login is announced, and each permission says why it is off.</summary>
public sealed class OrdererDialogTests : ConsoleComponentTest
{
    protected override string Person => Demo.Superuser;

    [Fact]
    public async Task It_says_a_typed_e_mail_already_has_a_login_with_a_password_and_why_each_permission_is_off()
    {
        int bakery, hotel;
        await using (var db = App.Db())
        {
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
            hotel = await db.Customers.Where(c => c.CompanyId == bakery && c.CustomerNumber == "10003").Select(c => c.Id).SingleAsync();
        }
        var dialogs = Services.GetRequiredService<IDialogService>();
        await Dialogs.InvokeAsync(() => dialogs.ShowAsync<OrdererDialog>("Add orderer", new DialogParameters<OrdererDialog>
        {
            { d => d.CompanyId, bakery }, { d => d.CustomerId, hotel },
            { d => d.CompanyWide, PortalPermission.All & ~PortalPermission.ChangeDeliveryAddress },
        }));

        Dialogs.WaitForAssertion(() => Assert.Contains("E-mail a set-password link now", Dialogs.Markup));
        var email = Dialogs.FindAll("input").Single(i => i.GetAttribute("type") == "email");
        email.Change(DemoData.PortalOrdererEmail.ToUpperInvariant());
        email.Blur();
        Dialogs.WaitForAssertion(() => Assert.Contains("already exists and has a password", Dialogs.Markup));
        Assert.Contains("Café Nordlys ApS", Dialogs.Markup);
        Assert.DoesNotContain("E-mail a set-password link now", Dialogs.Markup);   // an existing login is left as it is

        Dialogs.FindAll("[role=tab]").Single(t => t.TextContent.Contains("Internet")).Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Off company-wide", Dialogs.Markup));
        Dialogs.FindAll("input[type=checkbox]")[3].Change(false);   // See invoices, off for this orderer
        Dialogs.WaitForAssertion(() => Assert.Contains("Off for this orderer", Dialogs.Markup));
    }
}
