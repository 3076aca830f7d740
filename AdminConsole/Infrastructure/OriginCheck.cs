using Microsoft.Extensions.Options;

namespace AdminConsole.Infrastructure;

/// <summary>
/// Live connections (the hub and Blazor's own circuit) are accepted only from the console's own pages: a browser
/// request whose Origin is another site gets 403, so a page elsewhere cannot open a WebSocket with the person's
/// cookie. Own = the host the request came to, <c>PublicBaseUrl</c>, or one of <c>Security:AllowedOrigins</c>
/// (for a reverse proxy that rewrites the host). Non-browser clients send no Origin and still need the cookie.
/// </summary>
public static class OriginCheck
{
    private static readonly string[] LivePaths = [Live.LiveHub.Path, "/_blazor"];

    public static void UseOriginCheck(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var allowed = security.AllowedOrigins.Append(app.Configuration["PublicBaseUrl"] ?? "")
            .Select(Normalize).Where(o => o.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        app.Use(async (http, next) =>
        {
            if (LivePaths.Any(p => http.Request.Path.StartsWithSegments(p)) &&
                http.Request.Headers.Origin is [{ } origin] && !IsOwn(origin, http.Request, allowed))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("This live connection comes from another site's page.");
                return;
            }
            await next();
        });
    }

    private static bool IsOwn(string origin, HttpRequest request, HashSet<string> allowed) =>
        allowed.Contains(Normalize(origin)) ||
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
         string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary>"scheme://host[:port]" of an address, or "" when it is none.</summary>
    private static string Normalize(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority) : "";
}
