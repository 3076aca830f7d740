using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Portal;
using AdminConsole.PortalUsers;
using AdminConsole.Tests.Support;
using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>
/// For random company-wide settings and orderer exceptions, what the portal lets the orderer do is exactly their
/// intersection: shown (prices, history, invoices) and done (order, address, password), checked in the service.
/// </summary>
public sealed class PortalPermissionProperties : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _bakery, _cafe;
    private PortalSession _session = null!;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        _cafe = await db.Customers.Where(c => c.CompanyId == _bakery && c.CustomerNumber == "10001").Select(c => c.Id).SingleAsync();
        var login = await db.PortalLogins.SingleAsync(l => l.Email == DemoData.PortalOrdererEmail);
        _session = new PortalSession(login.Id, _bakery, login.Email, DemoData.SuperuserCompany);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static bool Allowed(Func<Task> action)
    {
        try
        {
            action().GetAwaiter().GetResult();
            return true;
        }
        catch (ForbiddenProblem)
        {
            return false;
        }
    }

    [Property(MaxTest = 40)]
    public bool The_portal_allows_exactly_company_settings_and_orderer_exceptions_together(byte companyBits, byte ordererBits)
    {
        var companyWide = (PortalPermission)companyBits & PortalPermission.All;
        var orderer = (PortalPermission)ordererBits & PortalPermission.All;
        using (var db = _app.Db())
        {
            db.InternetOrderSettings.Where(s => s.CompanyId == _bakery).ExecuteUpdate(s => s.SetProperty(x => x.Permissions, companyWide));
            db.Orderers.Where(o => o.CustomerId == _cafe && o.PortalLogin.Email == DemoData.PortalOrdererEmail)
                .ExecuteUpdate(s => s.SetProperty(x => x.Permissions, orderer));
        }
        var expected = companyWide & orderer;
        var portal = _app.ServiceAsAsync<PortalService>(Demo.Superuser).GetAwaiter().GetResult();
        var home = portal.HomeAsync(_session, _cafe).GetAwaiter().GetResult();

        var shown = PortalPermission.None;
        if (home.PriceList is not null) shown |= PortalPermission.SeePrices;
        if (home.Orders is not null) shown |= PortalPermission.SeeOrderHistory;
        if (home.Invoices is not null) shown |= PortalPermission.SeeInvoices;
        if (Allowed(() => portal.PlaceOrderAsync(_session, _cafe, [new OrderLineInput("Rugbrød", 2)]))) shown |= PortalPermission.PlaceOrders;
        if (Allowed(() => portal.ChangeDeliveryAddressAsync(_session, _cafe, "Havnegade 4"))) shown |= PortalPermission.ChangeDeliveryAddress;
        try
        {
            // A wrong current password is refused only after the permission check has passed.
            portal.ChangePasswordAsync(new Microsoft.AspNetCore.Http.DefaultHttpContext(), _session, _cafe, "wrong", "x")
                .GetAwaiter().GetResult();
        }
        catch (ValidationProblem)
        {
            shown |= PortalPermission.ChangeOwnPassword;
        }
        catch (ForbiddenProblem)
        {
        }

        return home.Allowed == expected && shown == expected &&
               PortalPermissions.Each.All(p => (PortalPermissions.WhyOff(companyWide, orderer, p) is null) == expected.HasFlag(p));
    }
}
