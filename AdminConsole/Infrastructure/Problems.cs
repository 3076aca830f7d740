namespace AdminConsole.Infrastructure;

/// <summary>
/// A refusal a person should read. Services throw these; pages show <see cref="Exception.Message"/>
/// (already localized) and never a stack trace.
/// </summary>
public abstract class ConsoleProblem(string message) : Exception(message);

/// <summary>Unknown id, or something this person may not see: the same answer for both, so ids leak nothing.</summary>
public sealed class NotFoundProblem(string message) : ConsoleProblem(message);

/// <summary>Visible, but the person's role or the rights granted do not allow the action.</summary>
public sealed class ForbiddenProblem(string message) : ConsoleProblem(message);

/// <summary>Someone else saved first; the form reloads the current values.</summary>
public sealed class ConflictProblem(string message) : ConsoleProblem(message);

/// <summary>How an endpoint that checks access before it writes (a CSV download) answers a refusal.</summary>
public static class EndpointProblems
{
    public static bool IsRefusal(Exception e) => e is ConsoleProblem or SessionEndedException;

    /// <summary>
    /// The first row of a streamed download, read before anything is written (the service checks the person there):
    /// true or false for whether there is a row, or null when the request was refused and has been answered.
    /// </summary>
    public static async Task<bool?> FirstRowAsync<T>(HttpContext http, IAsyncEnumerator<T> rows, CancellationToken ct)
    {
        try
        {
            return await rows.MoveNextAsync();
        }
        catch (Exception e) when (IsRefusal(e))
        {
            await AnswerAsync(http, e, ct);
            return null;
        }
    }

    public static Task AnswerAsync(HttpContext http, Exception e, CancellationToken ct)
    {
        http.Response.StatusCode = e switch
        {
            SessionEndedException => StatusCodes.Status401Unauthorized,
            ForbiddenProblem => StatusCodes.Status403Forbidden,
            NotFoundProblem => StatusCodes.Status404NotFound,
            StorageProblem => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };
        return http.Response.WriteAsync(e.Message, ct);
    }
}

/// <summary>The database could not write (locked, full, read-only): nothing was changed; the form keeps its values.</summary>
public sealed class StorageProblem(string message) : ConsoleProblem(message);

/// <summary>
/// The person's session is over (signed out elsewhere, locked, deleted). Deliberately not a <see cref="ConsoleProblem"/>:
/// no form shows it as a field error; it travels up to <c>SessionBoundary</c>, which takes the person to the sign-in page.
/// </summary>
public sealed class SessionEndedException(string message) : Exception(message);

/// <summary>Bad input: one message per field, keyed by the field's name.</summary>
public sealed class ValidationProblem(IReadOnlyDictionary<string, string> errors, string message)
    : ConsoleProblem(message)
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
