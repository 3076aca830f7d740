using Microsoft.AspNetCore.Antiforgery;

namespace AdminConsole.Portal;

public static class PortalEndpoints
{
    /// <summary>Portal sign-out: a POST with the form's antiforgery token, so no other site can sign an orderer out.</summary>
    public static void MapPortalEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/portal/{companyId:int}/sign-out", async (int companyId, HttpContext http, IAntiforgery antiforgery) =>
        {
            // A sign-out from another site (no valid token) changes nothing and lands on the portal as it is.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.LocalRedirect($"~/portal/{companyId}");
            await PortalService.SignOutAsync(http);
            return Results.LocalRedirect($"~/portal/{companyId}/login?signedOut=1");
        }).DisableAntiforgery();
}
