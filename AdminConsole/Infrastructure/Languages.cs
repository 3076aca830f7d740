using System.Globalization;
using AdminConsole.Account;
using Microsoft.AspNetCore.Localization;

namespace AdminConsole.Infrastructure;

/// <summary>
/// The languages the console speaks, and how one is chosen: the person's stored choice (put into the culture cookie at
/// sign-in and when they switch), else the culture cookie, else the browser's Accept-Language, else English.
/// </summary>
public static class Languages
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
        [("en", "English"), ("da", "Dansk"), ("nb", "Norsk (bokmål)"), ("de", "Deutsch")];

    public static bool IsSupported(string? code) => All.Any(l => l.Code == code);

    /// <summary>
    /// The culture each language formats in: Danish, Norwegian and German as their countries write (24.11.2026,
    /// 1.234,50); English with ISO dates and a 24-hour clock, because its readers are partners in several countries
    /// and 11/12/2026 means two different days to them.
    /// </summary>
    private static readonly Dictionary<string, CultureInfo> Cultures = All.ToDictionary(l => l.Code, l => Create(l.Code));

    public static CultureInfo Culture(string code) => Cultures.GetValueOrDefault(code) ?? Cultures["en"];

    private static CultureInfo Create(string code)
    {
        var culture = new CultureInfo(code);
        if (code == "en")
        {
            var dates = culture.DateTimeFormat;
            (dates.ShortDatePattern, dates.ShortTimePattern, dates.LongTimePattern) = ("yyyy-MM-dd", "HH:mm", "HH:mm:ss");
            (dates.AMDesignator, dates.PMDesignator) = ("", "");
            // 1,234.50 kr. and 59.00 €: the amount first, as the partners' own languages write it.
            (culture.NumberFormat.CurrencyPositivePattern, culture.NumberFormat.CurrencyNegativePattern) = (3, 8);
        }
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>Whether the page is being rendered in this language.</summary>
    public static bool IsCurrent(string code) => CultureInfo.CurrentUICulture.Name.StartsWith(code, StringComparison.Ordinal);

    /// <summary>The language of a company's country (DK → da, NO → nb, DE/AT/CH → de), else English.</summary>
    public static string ForCountry(string? country) => country switch
    {
        "DK" => "da",
        "NO" => "nb",
        "DE" or "AT" or "CH" => "de",
        _ => "en",
    };

    /// <summary>Whom an e-mail is written for: the person's own choice, else their company's country, else English.</summary>
    public static CultureInfo ForRecipient(string? chosen, string? country) =>
        Culture(IsSupported(chosen) ? chosen! : ForCountry(country));

    /// <summary>Texts looked up until the scope ends are in <paramref name="culture"/> (an e-mail to someone else).</summary>
    public static IDisposable Speak(CultureInfo culture) => new Scope(culture);

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(CultureInfo culture) => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }

    public static void AddLanguages(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = All.Select(l => Culture(l.Code)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Culture("en"));
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Cookie first (the person's choice), then the browser; no query string, so links cannot switch it.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

    /// <summary>Writes the culture cookie that the next requests (and the circuit they open) are rendered in.</summary>
    public static void Remember(HttpResponse response, string code) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    /// <summary>GET /culture?c=da&amp;returnUrl=/x: switches the language and shows the same page again.</summary>
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture", (HttpContext http, string? c, string? returnUrl) =>
        {
            if (IsSupported(c))
                Remember(http.Response, c!);
            return Results.LocalRedirect("~" + LocalUrl.Safe(returnUrl));
        });
}
