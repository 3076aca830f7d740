using System.Net;
using AdminConsole.Tests.Support;

namespace AdminConsole.Tests.Web;

/// <summary>
/// The console at https://console.example behind a TLS proxy on loopback: forwarded headers are believed only from
/// the configured proxy; plain HTTP is redirected; HSTS and Secure cookies over HTTPS.
/// </summary>
public sealed class ProxyAndTlsTests
{
    private static Task<ConsoleApp> StartAsync(params string[] more) => ConsoleApp.StartAsync(listen: true,
        settings: ["PublicBaseUrl=https://console.example", .. more]);

    private static async Task<HttpResponseMessage> GetAsync(ConsoleApp app, string path, string? proto)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "console.example";
        if (proto is not null)
            request.Headers.Add("X-Forwarded-Proto", proto);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Behind_the_known_proxy_https_requests_get_HSTS_and_Secure_cookies_and_plain_http_is_redirected()
    {
        await using var app = await StartAsync("ForwardedHeaders:KnownProxies:0=127.0.0.1");
        using var https = await GetAsync(app, "account/login", "https");
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.Contains("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = https.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);   // the antiforgery cookie of the sign-in form
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        using var plain = await GetAsync(app, "account/login", "http");
        Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
        Assert.Equal("https://console.example/account/login", plain.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Without_a_known_proxy_nobody_can_claim_https_by_a_header()
    {
        await using var app = await StartAsync();
        using var forged = await GetAsync(app, "account/login", "https");
        Assert.Equal(HttpStatusCode.PermanentRedirect, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_known_proxy_that_is_not_an_address_stops_the_start_with_a_clear_message()
    {
        var failure = await Assert.ThrowsAsync<AdminConsole.Data.StartupException>(() => StartAsync("ForwardedHeaders:KnownProxies:0=proxy.local"));
        Assert.Contains("ForwardedHeaders:KnownProxies has \"proxy.local\"", failure.Message);
    }
}
