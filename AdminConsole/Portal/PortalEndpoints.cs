using Microsoft.AspNetCore.Antiforgery;

namespace AdminConsole.Portal;

public static class PortalEndpoints
{
    /// <summary>Portal sign-out: a POST with the form's antiforgery token, so no other site can sign an orderer out.</summary>
    public static void MapPortalEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/portal/{companyId:int}/sign-out", async (int companyId, HttpContext http, IAntiforgery antiforgery) =>
        {
            if (await antiforgery.IsRequestValidAsync(http))
                await PortalService.SignOutAsync(http);
            return Results.LocalRedirect($"~/portal/{companyId}/login" + (http.Response.HasStarted ? "" : "?signedOut=1"));
        }).DisableAntiforgery();
}
