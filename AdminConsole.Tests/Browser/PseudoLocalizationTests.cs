using AdminConsole.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.Tests.Browser;

/// <summary>
/// The main screens with every text 40 % longer and accented, at a desktop (1280 px) and a phone (390 px) width: no
/// text is cut off, no control is wider than its text allows, nothing pushes the page sideways. Screenshots of each
/// screen at each width land in docs/screenshots/pseudo.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PseudoLocalizationTests(BrowserFixture browser) : ConsoleBrowserTest(browser)
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IStringLocalizerFactory>(sp => new PseudoLocalizerFactory(
            new ResourceManagerStringLocalizerFactory(sp.GetRequiredService<IOptions<LocalizationOptions>>(),
                sp.GetRequiredService<ILoggerFactory>())));

    private static string P(string english) => PseudoLocalizerFactory.Text(english);

    /// <summary>
    /// Controls and labels whose text is cut off (wider than their box, not in a scrolling container), and anything that
    /// reaches past the right edge of the window outside such a container.
    /// </summary>
    private const string FindOverflow = """
        () => {
          const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX; if ((o === 'auto' || o === 'scroll') && p !== document.documentElement && p !== document.body) return true; }
            return false; };
          const bad = [];
          const selector = 'button, a, label, th, [role=tab], [role=menuitem], .mud-chip, .mud-input-label, .mud-nav-link, h1, h2, h3, .mud-alert-message';
          for (const el of document.querySelectorAll(selector)) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            if (el.closest('.visually-hidden')) continue;
            const text = (el.innerText || '').trim().slice(0, 60) + ' <' + el.tagName.toLowerCase() + ' ' + (el.getAttribute('class') || '') + '>';
            if (!(el.innerText || '').trim()) continue;
            if (el.scrollWidth > el.clientWidth + 1 && !scrolls(el) && getComputedStyle(el).overflowX !== 'visible')
              bad.push('cut off: ' + text);
            else if (el.scrollWidth > el.clientWidth + 1 && !scrolls(el) && el.tagName === 'BUTTON')
              bad.push('overflows its button: ' + text);
            else if (r.right > window.innerWidth + 1 && !scrolls(el))
              bad.push('past the window edge: ' + text);
          }
          return bad;
        }
        """;

    [BrowserFact]
    public async Task Longer_accented_texts_fit_on_the_main_screens_at_desktop_and_phone_widths()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("account/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = P("Sign in") })).ToBeVisibleAsync();
        var problems = new List<string>();
        await CheckAsync(page, "login", problems);

        await page.GetByLabel(P("E-mail or user ID")).FillAsync(Demo.Legal);
        await page.GetByLabel(P("Password"), new() { Exact = true }).FillAsync(Demo.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = P("Sign in") }).ClickAsync();
        await page.WaitForConsoleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = P("Companies") })).ToBeVisibleAsync();

        foreach (var screen in await ScreensAsync())
        {
            await page.GotoAsync(screen);
            await page.WaitForConsoleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await CheckAsync(page, screen, problems);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    private static async Task CheckAsync(IPage page, string screen, List<string> problems)
    {
        var name = screen.Replace('/', '-');
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            // MudBlazor re-lays out (the drawer) after the circuit hears of the new width: a problem must outlast that.
            var found = Array.Empty<string>();
            for (var until = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < until;)
            {
                found = await page.EvaluateAsync<string[]>(FindOverflow);
                if (found.Length == 0)
                    break;
                await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 100))");
            }
            problems.AddRange(found.Select(p => $"{screen} at {width} px: {p}"));
            await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"pseudo/{name}-{width}") });
        }
    }
}
