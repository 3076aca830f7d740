using AdminConsole.Data;
using Microsoft.AspNetCore.Identity;

namespace AdminConsole.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token, so a link elsewhere cannot sign anyone out.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login?signedOut=1");
        });
}
