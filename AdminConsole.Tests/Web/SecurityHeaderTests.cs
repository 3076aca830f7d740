using System.Net;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;

namespace AdminConsole.Tests.Web;

/// <summary>HTTP hardening: the security headers on every kind of response, and a forged Host header refused.</summary>
public sealed class SecurityHeaderTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true);
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("account/login")]          // a static page
    [InlineData("app.js")]                 // a static file
    [InlineData("no/such/page")]           // not found
    [InlineData("companies")]              // a console page (after sign-in)
    [InlineData("companies.csv")]          // a download
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        using var response = await web.Http.GetAsync(path);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value),
            StringComparer.OrdinalIgnoreCase);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, headers["Content-Security-Policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["Content-Security-Policy"]);
        Assert.Contains("script-src 'self';", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["Referrer-Policy"]);
        Assert.Contains("camera=()", headers["Permissions-Policy"]);
    }

    [Fact]
    public async Task A_forged_host_header_is_refused_not_echoed_into_a_redirect()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        using var forged = new HttpRequestMessage(HttpMethod.Get, "companies");
        forged.Headers.Host = "evil.example";
        using var response = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);

        using var own = await http.GetAsync("companies");   // the host in PublicBaseUrl still works
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
    }
}

/// <summary>Guessing passwords from one address is slowed down per address, with a clear "try again in N s".</summary>
public sealed class FormRateLimitTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true, settings: ["Security:FormPostsPerMinute=3"]);
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_fourth_sign_in_post_in_a_minute_from_one_address_waits_and_says_how_long()
    {
        using var web = new WebSession(_app.BaseUrl);
        for (var i = 0; i < 3; i++)
        {
            var (response, _) = await web.SignInAsync(Demo.Operator, "wrong-" + i);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
        var (refused, html) = await web.SignInAsync(Demo.Operator, "wrong-again");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Try again in", html);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Reading the page is not limited, and the account was not locked by the refused attempts.
        var (page, _) = await web.GetAsync("account/login");
        Assert.Equal(HttpStatusCode.OK, page);
        await using var db = _app.Db();
        Assert.Equal(3, db.Users.Single(u => u.Email == Demo.Operator).AccessFailedCount);
    }
}
