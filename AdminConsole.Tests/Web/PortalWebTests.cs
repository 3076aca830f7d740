using System.Net;
using AdminConsole.Data;
using AdminConsole.PortalUsers;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The customer portal over HTTP on a real Kestrel: its own sign-in and cookie, lockout, and permissions at each request.</summary>
public sealed class PortalWebTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _bakery, _cafe;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(listen: true);
        await using var db = _app.Db();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        _cafe = await db.Customers.Where(c => c.CompanyId == _bakery && c.CustomerNumber == "10001").Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Form(string email, string password) =>
        $"Input.Email={Uri.EscapeDataString(email)}&Input.Password={Uri.EscapeDataString(password)}";

    private async Task<string> SignInAsync(WebSession web, string email, string password, int? company = null) =>
        await (await web.PostRawAsync($"portal/{company ?? _bakery}/login", "portal-login", Form(email, password))).Content.ReadAsStringAsync();

    [Fact]
    public async Task Unknown_e_mail_wrong_password_and_a_login_that_may_not_sign_in_all_get_the_same_answer()
    {
        // Bo is a contact who is not an Internet user; give his login a password to prove it still cannot sign in.
        var service = await _app.ServiceAsAsync<PortalUserService>(Demo.Superuser);
        int bo;
        await using (var db = _app.Db())
            bo = await db.Orderers.Where(o => o.Email == "bo@cafenordlys.example").Select(o => o.Id).SingleAsync();
        await service.SetPasswordAsync(_bakery, bo, "Bo-Regnskab-2026!");

        using var web = new WebSession(_app.BaseUrl);
        foreach (var (email, password) in new[]
                 {
                     ("nobody@nowhere.example", Demo.Password), (DemoData.PortalOrdererEmail, "Wrong-Password-1!"),
                     ("bo@cafenordlys.example", "Bo-Regnskab-2026!"), ("\uFFFE", "x"),
                 })
            Assert.Contains("The e-mail or password is not correct.", await SignInAsync(web, email, password));

        var html = await SignInAsync(web, DemoData.PortalOrdererEmail, Demo.Password);
        Assert.Contains("Choose the customer you order for", html);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_login_and_only_the_right_password_learns_it()
    {
        using var web = new WebSession(_app.BaseUrl);
        for (var i = 0; i < 5; i++)
            await SignInAsync(web, DemoData.PortalOrdererEmail, "Wrong-Password-1!");
        Assert.Contains("The e-mail or password is not correct.", await SignInAsync(web, DemoData.PortalOrdererEmail, "Wrong-Password-1!"));
        Assert.Contains("This login is locked", await SignInAsync(web, DemoData.PortalOrdererEmail, Demo.Password));
    }

    [Fact]
    public async Task The_portal_and_the_console_never_accept_each_others_sign_in()
    {
        using var orderer = new WebSession(_app.BaseUrl);
        await SignInAsync(orderer, DemoData.PortalOrdererEmail, Demo.Password);
        var console = await orderer.Http.GetAsync("companies");
        Assert.Equal("/account/login", console.RequestMessage!.RequestUri!.AbsolutePath);
        // Nor does one company's portal session open another company's portal.
        int other;
        await using (var db = _app.Db())
            other = await db.Companies.Where(c => c.Id != _bakery).Select(c => c.Id).FirstAsync();
        var elsewhere = await orderer.Http.GetAsync($"portal/{other}");
        Assert.Equal($"/portal/{other}/login", elsewhere.RequestMessage!.RequestUri!.AbsolutePath);

        using var admin = new WebSession(_app.BaseUrl);
        await admin.SignInAsync(Demo.Superuser, Demo.Password);
        var portal = await admin.Http.GetAsync($"portal/{_bakery}/customers/{_cafe}");
        Assert.Equal($"/portal/{_bakery}/login", portal.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_change_in_the_console_applies_to_an_open_portal_session_at_its_next_step()
    {
        using var web = new WebSession(_app.BaseUrl);
        await SignInAsync(web, DemoData.PortalOrdererEmail, Demo.Password);
        var home = $"portal/{_bakery}/customers/{_cafe}";
        var (_, html) = await web.GetAsync(home);
        Assert.Contains("Croissant", html);            // prices are shown
        Assert.Contains("Place order", html);

        var settings = await _app.ServiceAsAsync<PortalUserService>(Demo.Superuser);
        var seen = await settings.GetSettingsAsync(_bakery);
        await settings.SaveSettingsAsync(_bakery, seen.Permissions & ~PortalPermission.SeePrices & ~PortalPermission.PlaceOrders, seen.Version);

        (_, html) = await web.GetAsync(home);
        Assert.DoesNotContain("Croissant", html);
        Assert.DoesNotContain("Place order", html);
        // An order form sent from the page as it was is refused by the service, with a message.
        var refused = await web.PostRawAsync(home, "order", "Order.Lines[0].Text=Rugbr%C3%B8d&Order.Lines[0].Quantity=2");
        Assert.Contains("Place orders is not allowed for you", await refused.Content.ReadAsStringAsync());
        await using var db = _app.Db();
        Assert.False(await db.PortalOrders.AnyAsync());
    }

    [Fact]
    public async Task A_new_password_set_in_the_console_ends_the_open_portal_session()
    {
        using var web = new WebSession(_app.BaseUrl);
        await SignInAsync(web, DemoData.PortalOrdererEmail, Demo.Password);
        Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync($"portal/{_bakery}")).StatusCode);
        var service = await _app.ServiceAsAsync<PortalUserService>(Demo.Superuser);
        int anna;
        await using (var db = _app.Db())
            anna = await db.Orderers.Where(o => o.Email == DemoData.PortalOrdererEmail).Select(o => o.Id).FirstAsync();
        await service.SetPasswordAsync(_bakery, anna, "Brand-New-Pass-2026!");
        var after = await web.Http.GetAsync($"portal/{_bakery}");
        Assert.Equal($"/portal/{_bakery}/login", after.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_needs_the_forms_token_and_then_ends_the_portal_session()
    {
        using var web = new WebSession(_app.BaseUrl);
        await SignInAsync(web, DemoData.PortalOrdererEmail, Demo.Password);
        var forged = await web.Http.PostAsync($"portal/{_bakery}/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal($"/portal/{_bakery}", forged.RequestMessage!.RequestUri!.AbsolutePath);   // still signed in
        Assert.Contains("Choose the customer you order for", await forged.Content.ReadAsStringAsync());

        var page = (await web.GetAsync($"portal/{_bakery}")).Html;
        var token = System.Text.RegularExpressions.Regex.Match(page,
            "sign-out\"[\\s\\S]*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        await web.Http.PostAsync($"portal/{_bakery}/sign-out",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token) }));
        Assert.Equal($"/portal/{_bakery}/login", (await web.Http.GetAsync($"portal/{_bakery}")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("You are signed out.", (await web.GetAsync($"portal/{_bakery}/login?signedOut=1")).Html);
    }
}
