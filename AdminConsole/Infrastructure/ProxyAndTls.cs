using System.Net;
using AdminConsole.Data;
using Microsoft.AspNetCore.HttpOverrides;

namespace AdminConsole.Infrastructure;

/// <summary>
/// Behind a reverse proxy and over TLS. Forwarded headers (client address, scheme) are believed only from the proxies
/// the operator names in <c>ForwardedHeaders:KnownProxies</c>, so nobody else can pose as another address (the rate
/// limits) or as HTTPS. When <c>PublicBaseUrl</c> is https: plain-HTTP requests are redirected, HSTS tells browsers
/// to come back only over HTTPS, and every cookie (sign-in, portal, antiforgery, language) is Secure.
/// </summary>
public static class ProxyAndTls
{
    public static Uri? PublicBaseUrl(IConfiguration config) =>
        Uri.TryCreate(config["PublicBaseUrl"], UriKind.Absolute, out var url) ? url : null;

    public static bool IsHttps(IConfiguration config) => PublicBaseUrl(config)?.Scheme == Uri.UriSchemeHttps;

    public static IPAddress[] KnownProxies(IConfiguration config) =>
        (config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? []).Select(text =>
            IPAddress.TryParse(text, out var address) ? address
                : throw new StartupException($"AdminConsole cannot start: ForwardedHeaders:KnownProxies has \"{text}\", which is not an IP address.")).ToArray();

    public static void AddProxyAndTls(this IServiceCollection services, IConfiguration config)
    {
        var proxies = KnownProxies(config);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(proxy);
        });
        if (!IsHttps(config))
            return;
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddHttpsRedirection(o =>
        {
            o.HttpsPort = PublicBaseUrl(config)!.Port;
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
        });
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);
    }

    /// <summary>First in the pipeline: everything after sees the client's address and scheme.</summary>
    public static void UseProxyAndTls(this WebApplication app)
    {
        if (KnownProxies(app.Configuration).Length > 0)
            app.UseForwardedHeaders();
        if (!IsHttps(app.Configuration))
            return;
        app.UseHsts();
        app.UseHttpsRedirection();
        app.UseCookiePolicy();
    }
}
