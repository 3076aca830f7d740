using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Account;

/// <summary>
/// A static form (sign-in, activation, invitations) posted from a page that is out of date: its antiforgery token
/// expired, or the form is gone because another tab already used the link. Blazor answers a bare 400; the person
/// gets the page as it is now instead, with a line saying that nothing was changed.
/// </summary>
public static class StaleForms
{
    public const string Parameter = "form";
    public const string Stale = "stale";

    public static IApplicationBuilder UseStaleFormPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!HttpMethods.IsPost(context.Request.Method) || context.Response.StatusCode != StatusCodes.Status400BadRequest ||
            context.Response.HasStarted || context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            return;
        var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value);
        query[Parameter] = Stale;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = QueryHelpers.AddQueryString(context.Request.PathBase + context.Request.Path, query);
    });

    /// <summary>Whether the page was reached from a stale form.</summary>
    public static bool CameFromStaleForm(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue(Parameter, out var value) && value == Stale;
}
