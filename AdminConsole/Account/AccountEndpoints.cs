using Microsoft.AspNetCore.Antiforgery;

namespace AdminConsole.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with a valid antiforgery token (checked here: the endpoint binds no form, so the
    /// middleware would not), so a page elsewhere cannot sign anyone out. It ends the session on the server.
    /// </summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInService signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await signIn.SignOutAsync(http.User);
            return Results.LocalRedirect("~/account/login?signedOut=1");
        }).DisableAntiforgery();
}
