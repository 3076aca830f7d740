using System.Net;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Support;

/// <summary>An HTTP client with its own cookie jar that signs in through the real sign-in form.</summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _http;

    public CookieContainer Cookies { get; } = new();

    public WebSession(string baseUrl, bool followRedirects = true)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = followRedirects })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public HttpClient Http => _http;

    /// <summary>Posts the sign-in form (with its antiforgery token) and returns the page the browser would show next.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> SignInAsync(string email, string password,
        string returnUrl = "")
    {
        var form = await _http.GetStringAsync("account/login" + (returnUrl == "" ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        var fields = HiddenInputs().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value),
            m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        var response = await _http.PostAsync("account/login" + (returnUrl == "" ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}"),
            new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Posts a static form as raw, already-encoded form data (so it can carry bytes no encoder would produce), with
    /// the antiforgery token of the page it came from unless <paramref name="token"/> is given.
    /// </summary>
    public async Task<HttpResponseMessage> PostRawAsync(string path, string formName, string encodedFields, string? token = null)
    {
        if (token is null)
        {
            var page = await _http.GetStringAsync(path);
            token = Uri.EscapeDataString(WebUtility.HtmlDecode(
                Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value));
        }
        return await _http.PostAsync(path, new StringContent($"__RequestVerificationToken={token}&_handler={formName}&{encodedFields}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
    }

    /// <summary>The sign-out form's antiforgery token, read from a page that shows the user menu.</summary>
    public static string LogoutToken(string html) => Regex.Match(html,
        "id=\"logout-form\"[\\s\\S]*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>Posts the sign-out form, with the token when given.</summary>
    public Task<HttpResponseMessage> SignOutAsync(string? token) => _http.PostAsync("account/logout",
        new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex HiddenInputs();

    public void Dispose() => _http.Dispose();
}
