using Microsoft.Playwright;

namespace AdminConsole.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright, headless; never a downloaded browser.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        // What a person would wait for on a busy 2-core machine running two test passes; a failing expectation
        // still fails, only later.
        Assertions.SetDefaultExpectTimeout(10_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// Closes every window the finished test opened. Browser tests share one collection and run one at a time, so what
    /// is open belongs to the test that just ended; left open, each live console keeps its circuit and timers busy and
    /// slows every later test.
    /// </summary>
    public async Task CloseWindowsAsync()
    {
        foreach (var context in Browser.Contexts.ToList())
            await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    public async Task<IPage> NewPageAsync(string baseUrl, string timeZone = "UTC")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "en-GB",
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Screenshots land in docs/screenshots, where the README shows them.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AdminConsole.sln")))
            dir = dir.Parent;
        var folder = Path.Combine(dir.FullName, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>A browser test; skipped, saying why, where Debian's Chromium (or, when needed, aiosmtpd) is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public bool NeedsSmtp { get; set; }
    public bool NeedsAxe { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? (!File.Exists(BrowserFixture.Chromium)
            ? $"{BrowserFixture.Chromium} is not installed (./test.sh installs Debian's chromium when run as root)."
            : NeedsSmtp && !SmtpServer.Available
                ? "Debian's python3-aiosmtpd is not installed (./test.sh installs it when run as root)."
                : NeedsAxe && !File.Exists(Accessibility.AxePath)
                    ? "axe-core is not installed in AdminConsole.Tests/a11y (./test.sh installs it with npm)."
                    : null);
        set => base.Skip = value;
    }
}

public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit has taken over the prerendered page.</summary>
    public static Task WaitForConsoleAsync(this IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync();

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForConsoleAsync();
    }
}
