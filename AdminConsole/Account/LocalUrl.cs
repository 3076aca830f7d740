namespace AdminConsole.Account;

/// <summary>Where a sign-in may send the person next: a plain path on this site, or else the start page.</summary>
public static class LocalUrl
{
    /// <summary>
    /// Only printable ASCII without backslashes, starting with one slash: no scheme, no "//host", nothing a browser
    /// would strip or fold (tabs, newlines, full-width dots) into another site's address. Spaces are encoded.
    /// </summary>
    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return "/";
        var path = url.StartsWith('/') ? url : "/" + url;
        if (path.StartsWith("//", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal) ||
            path.Any(c => c is < ' ' or > '~' or '\\'))
            return "/";
        return path.Replace(" ", "%20", StringComparison.Ordinal);
    }

    /// <summary>A page of the sign-in (second step, enrolment) that passes on where the person was going.</summary>
    public static string WithReturn(string path, string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || Safe(returnUrl) == "/" ? path
            : path + (path.Contains('?') ? '&' : '?') + "returnUrl=" + Uri.EscapeDataString(Safe(returnUrl));
}
