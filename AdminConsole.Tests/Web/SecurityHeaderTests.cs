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
