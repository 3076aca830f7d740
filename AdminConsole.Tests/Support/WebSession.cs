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
        var path = "account/login" + (returnUrl == "" ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return await PostFormAsync(path, "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    /// <summary>
    /// Opens <paramref name="path"/> and posts its form named <paramref name="formName"/> (with that form's hidden
    /// fields and antiforgery token) plus <paramref name="fields"/>, as a browser would; returns the page shown next.
    /// </summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(string path, string formName,
        Dictionary<string, string> fields)
    {
        var page = await _http.GetStringAsync(path);
        var form = Forms().Matches(page).Select(m => m.Value).FirstOrDefault(f => f.Contains($"value=\"{formName}\""))
                   ?? throw new InvalidOperationException($"No form '{formName}' on {path}.");
        var all = HiddenInputs().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value),
            m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
            all[name] = value;
        var response = await _http.PostAsync(path, new FormUrlEncodedContent(all));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<form[\\s\\S]*?</form>")]
    private static partial Regex Forms();

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
