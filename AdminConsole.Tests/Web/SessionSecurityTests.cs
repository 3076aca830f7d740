using System.Net;
using AdminConsole.Account;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>Sign-in, sign-out and the session cookie, as an attacker would try them, on a real Kestrel port.</summary>
public sealed class SessionSecurityTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private ConsoleApp _app = null!;

    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true,
        configure: b => b.Services.AddSingleton<IPasswordHasher<AppUser>>(_hasher));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> NordtalAgreementAsync()
    {
        await using var db = _app.Db();
        return await db.CustomerAgreements.Where(a => a.Partner.Name == DemoData.Nordtal).Select(a => a.Id).FirstAsync();
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_opens_pages_or_the_invoice_csv()
    {
        var agreement = await NordtalAgreementAsync();
        using var web = new WebSession(_app.BaseUrl);
        var (_, html) = await web.SignInAsync(Demo.Admin, Demo.Password, "/companies");
        using var thief = new WebSession(_app.BaseUrl);
        thief.Cookies.Add(web.Cookies.GetCookies(new Uri(_app.BaseUrl)));
        var csv = await thief.Http.GetAsync($"agreements/{agreement}/invoice-basis.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);   // the copy works while the session lives

        var signedOut = await web.SignOutAsync(WebSession.LogoutToken(html));
        Assert.Contains("You are signed out.", await signedOut.Content.ReadAsStringAsync());

        var page = await thief.Http.GetAsync("companies");
        Assert.Equal("/account/login", page.RequestMessage!.RequestUri!.AbsolutePath);
        csv = await thief.Http.GetAsync($"agreements/{agreement}/invoice-basis.csv");
        Assert.NotEqual("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/account/login", csv.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var response = await web.SignOutAsync(token: null);     // what a form on another site would send
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, html) = await web.GetAsync("companies");
        Assert.Contains("of 111 companies", html);
    }

    [Fact]
    public async Task A_locked_or_deleted_account_loses_its_session_at_the_next_request()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Employee, Demo.Password);
        Assert.Contains("of 5 companies", (await web.GetAsync("companies")).Html);   // the clients assigned to the employee
        await using (var db = _app.Db())
            await db.Users.Where(u => u.Email == Demo.Employee)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1)));
        var response = await web.Http.GetAsync("companies");
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    public static TheoryData<string> OpenRedirects() =>
    [
        "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example",
        "http:/\\evil.example", "/。evil.example", "/\t/evil.example", "/\n/evil.example", "%2F%2Fevil.example/x",
        "/％2F％2Fevil.example", "javascript:alert(1)", " //evil.example", "/\u202e/evil.example",
    ];

    [Theory]
    [MemberData(nameof(OpenRedirects))]
    public async Task A_return_url_that_is_not_a_plain_local_path_goes_to_the_start_page_without_an_error(string returnUrl)
    {
        using var web = new WebSession(_app.BaseUrl, followRedirects: false);
        var (response, _) = await web.SignInAsync(Demo.Admin, Demo.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri(_app.BaseUrl), response.Headers.Location!);
        Assert.Equal(new Uri(_app.BaseUrl).Authority, target.Authority);
    }

    [Theory]
    [InlineData("/companies?q=bageriet hansen", "/companies?q=bageriet%20hansen")]
    [InlineData("companies/12/settings/subscription", "/companies/12/settings/subscription")]
    [InlineData("/。evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    public void Local_paths_are_kept_and_anything_else_becomes_the_start_page(string url, string expected) =>
        Assert.Equal(expected, LocalUrl.Safe(url));

    [Fact]
    public async Task An_unknown_account_costs_a_password_hash_and_is_never_called_locked()
    {
        using var web = new WebSession(_app.BaseUrl);
        var before = _hasher.Verifications;
        var (_, html) = await web.SignInAsync("nobody@nowhere.example", "whatever-password");
        Assert.Equal(1, _hasher.Verifications - before);   // the same work as for a real account
        Assert.Contains("The e-mail or password is not correct.", html);
        for (var i = 0; i < 6; i++)
            html = (await web.SignInAsync("nobody@nowhere.example", "whatever-password")).Html;
        Assert.DoesNotContain("locked", html);
    }

    [Fact]
    public async Task A_locked_account_says_locked_only_to_the_right_password()
    {
        using var web = new WebSession(_app.BaseUrl);
        for (var i = 0; i < 6; i++)
            await web.SignInAsync(Demo.Fjord, "wrong-password");
        var (_, wrong) = await web.SignInAsync(Demo.Fjord, "wrong-password");
        Assert.DoesNotContain("locked", wrong);
        Assert.Contains("The e-mail or password is not correct.", wrong);
        var (_, right) = await web.SignInAsync(Demo.Fjord, Demo.Password);
        Assert.Contains("This account is locked", right);
    }

    /// <summary>Identity's hasher, counting how often a password is checked.</summary>
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;
        public int Verifications => Volatile.Read(ref _verifications);
        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
