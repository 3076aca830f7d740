using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace AdminConsole.Infrastructure;

/// <summary>
/// The forms that take a password, a second step or a one-time link — sign-in, the second step, sign-in security, activation, accepting an invitation, a client's
/// decision, the portal's sign-in and set-password — accept <c>Security:FormPostsPerMinute</c> posts a minute from one
/// address (a sliding window); more get 429 with "try again in N s" and Retry-After. Guessing passwords from one address
/// slows down long before Identity's lockout of the account (Security:MaxFailedSignIns) is reached.
/// </summary>
public static class FormRateLimits
{
    private static readonly string[] ExactPaths = ["/account/login", "/account/two-step", "/account/security", "/account/passkey/request-options", "/account/activate", "/invitations/accept", "/clients/invitation"];

    public static bool IsLimited(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) &&
        (ExactPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)) ||
         (request.Path.StartsWithSegments("/portal") && request.Path.Value is { } path &&
          (path.EndsWith("/login", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/set-password", StringComparison.OrdinalIgnoreCase))));

    public static void AddFormRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!IsLimited(http.Request))
                    return RateLimitPartition.GetNoLimiter("");
                var perMinute = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.FormPostsPerMinute;
                return RateLimitPartition.GetSlidingWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0,
                    });
            });
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/html; charset=utf-8";
                var title = WebUtility.HtmlEncode(L["Too many attempts"]);
                var text = WebUtility.HtmlEncode(L["Too many attempts from your address. Try again in {0} s.", seconds]);
                var back = WebUtility.HtmlEncode(L["Back"]);
                await http.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"{System.Globalization.CultureInfo.CurrentUICulture.Name}\"><head><meta charset=\"utf-8\">" +
                    $"<title>{title}</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body class=\"account-page\"><main class=\"account-card\">" +
                    $"<h1>{title}</h1><p role=\"alert\">{text}</p><p><a href=\"{WebUtility.HtmlEncode(http.Request.Path + http.Request.QueryString)}\">{back}</a></p>" +
                    "</main></body></html>", ct);
            };
        });
}
