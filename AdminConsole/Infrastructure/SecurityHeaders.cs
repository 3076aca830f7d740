namespace AdminConsole.Infrastructure;

/// <summary>
/// Headers on every response (OWASP ASVS V14): a Content-Security-Policy that Blazor Server and MudBlazor run under —
/// scripts only from the console itself, live connections only back to it, no frames, plugins or foreign bases —
/// and no sniffing, a short referrer, and no camera, microphone or location.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// 'unsafe-inline' for styles only: Blazor and MudBlazor set style attributes from script, which a stricter
    /// style-src would block; scripts stay 'self' (no inline script, no eval).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=()";

    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            });
            return next(http);
        });

    /// <summary>
    /// Host names the console answers to: <c>AllowedHosts</c> when the operator set it, else the host of
    /// <c>PublicBaseUrl</c> (with 127.0.0.1 and [::1] beside localhost), so a forged Host header is refused instead of
    /// echoed into redirects and links.
    /// </summary>
    public static void DefaultAllowedHosts(ConfigurationManager config)
    {
        if (config["AllowedHosts"] is { Length: > 0 } set && set != "*")
            return;
        if (!Uri.TryCreate(config["PublicBaseUrl"], UriKind.Absolute, out var url))
            return;
        config["AllowedHosts"] = url.Host is "localhost" or "127.0.0.1" or "[::1]" ? "localhost;127.0.0.1;[::1]" : url.Host;
    }
}
