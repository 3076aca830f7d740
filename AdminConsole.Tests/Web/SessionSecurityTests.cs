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
        Assert.Contains("you are still signed in", await response.Content.ReadAsStringAsync());   // a page, not a bare status
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

    [Theory]
    [InlineData("%EF%BF%BE")]                 // U+FFFE, a noncharacter: made Unicode normalisation throw (500)
    [InlineData("admin%40nordtal.example%EF%BF%BF")]
    [InlineData("%ED%A0%80")]                 // a lone surrogate, as invalid UTF-8
    [InlineData("%EF%B7%90x")]                // U+FDD0
    [InlineData("%01admin%40nordtal.example")]
    [InlineData("%C0%80")]                    // overlong NUL
    [InlineData("%E2%80%AEadmin")]            // a direction override
    public async Task Text_no_person_can_type_gets_the_ordinary_wrong_sign_in_answer_not_an_error(string encodedName)
    {
        using var web = new WebSession(_app.BaseUrl);
        var response = await web.PostRawAsync("account/login", "login", $"Input.Email={encodedName}&Input.Password=Demo-2026%21");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail or password is not correct.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_with_a_stale_antiforgery_token_gets_the_page_again_with_a_message_not_a_bare_400()
    {
        using var web = new WebSession(_app.BaseUrl);
        var response = await web.PostRawAsync("account/login?returnUrl=%2Fcompanies", "login",
            "Input.Email=admin%40nordtal.example&Input.Password=Demo-2026%21", token: "expired");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("returnUrl=%2Fcompanies", response.RequestMessage.RequestUri.Query);   // where the person was going is kept
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The form you sent was out of date", html);
        Assert.Contains("E-mail or user ID", html);
        // A NUL byte fails ASP.NET Core's antiforgery check before the form is read: the same page, never an error.
        var nul = await web.PostRawAsync("account/login", "login", "Input.Email=%00admin%40nordtal.example&Input.Password=x");
        Assert.Contains("The form you sent was out of date", await nul.Content.ReadAsStringAsync());
        var next = await web.Http.GetAsync("companies");
        Assert.Equal("/account/login", next.RequestMessage!.RequestUri!.AbsolutePath);   // and nobody was signed in
    }

    [Fact]
    public async Task Pages_carry_no_inline_script_so_a_strict_content_security_policy_can_apply()
    {
        using var web = new WebSession(_app.BaseUrl);
        var login = (await web.GetAsync("account/login")).Html;
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var companies = (await web.GetAsync("companies")).Html;
        foreach (var html in new[] { login, companies })
        {
            var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script\\b[^>]*>");
            Assert.NotEmpty(scripts);
            Assert.All(scripts, s => Assert.Contains(" src=", s.Value));   // no inline <script type="importmap"> either
        }
    }

    public static TheoryData<string> OpenRedirects() =>
    [
        "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example",
        "http:/\\evil.example", "/。evil.example", "/\t/evil.example", "/\n/evil.example", "%2F%2Fevil.example/x",
        "/％2F％2Fevil.example", "javascript:alert(1)", " //evil.example", "/\u202e/evil.example", "/évil",
        "/／evil.example", "/∕evil.example",
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
