using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Antiforgery;

namespace AdminConsole.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with a valid antiforgery token (checked here: the endpoint binds no form, so the
    /// middleware would not), so a page elsewhere cannot sign anyone out. It ends the session on the server.
    /// </summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The options for a passkey ceremony (challenge kept by Identity in its two-step cookie). Same antiforgery
        // check as sign-out: the page's token travels in the RequestVerificationToken header.
        app.MapPost("/account/passkey/creation-options", (HttpContext http, IAntiforgery antiforgery, TwoStepService twoStep) =>
            PasskeyOptionsAsync(http, antiforgery, twoStep.PasskeyCreationOptionsAsync)).DisableAntiforgery();
        app.MapPost("/account/passkey/request-options", (HttpContext http, IAntiforgery antiforgery, SignInService signIn) =>
            PasskeyOptionsAsync(http, antiforgery, signIn.PasskeyRequestOptionsAsync)).DisableAntiforgery();
        MapSignOut(app);
    }

    private static async Task<IResult> PasskeyOptionsAsync(HttpContext http, IAntiforgery antiforgery, Func<Task<string>> options)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest();
        try
        {
            return Results.Content(await options(), "application/json");
        }
        catch (AdminConsole.Infrastructure.SessionEndedException)
        {
            return Results.Unauthorized();
        }
    }

    private static void MapSignOut(IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInService signIn,
            IStringLocalizer<SharedResource> L) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Content(StalePage(L), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            await signIn.SignOutAsync(http.User);
            return Results.LocalRedirect("~/account/login?signedOut=1");
        }).DisableAntiforgery();

    /// <summary>A refused sign-out still gets a page that says what happened, not a bare status code.</summary>
    private static string StalePage(IStringLocalizer L)
    {
        var title = System.Net.WebUtility.HtmlEncode(L["Sign out"]);
        var text = System.Net.WebUtility.HtmlEncode(
            L["The sign-out form was out of date, so you are still signed in. Go back to the console and sign out again."]);
        var back = System.Net.WebUtility.HtmlEncode(L["Back to the console"]);
        return $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>" +
               $"<body><main><h1>{title}</h1><p role=\"alert\">{text}</p><p><a href=\"/\">{back}</a></p></main></body></html>";
    }
}
