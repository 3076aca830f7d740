using System.Diagnostics;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

/// <summary>
/// The company list in real browsers (headless Chromium, Debian's), against the console running in this process on the
/// bench data set, signed in as Nordtal's admin (50,000 companies):
/// <list type="bullet">
/// <item>circuit memory: the managed heap after a full collection with 10 and with N open lists; the slope is what one
/// idle list costs the server;</item>
/// <item>fan-out: with N lists open, a plan changed (through the real service) on a row every list shows; the time
/// until the last list shows it, and the server's CPU per change;</item>
/// <item>search as you type: a word typed into one list (with N open) at 60 ms a key; the time from the last key until
/// the grid shows the matches.</item>
/// </list>
/// </summary>
public static class BrowserBench
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task RunAsync(string dbPath, int lists, int rounds)
    {
        await using var app = ConsoleHost.Build([$"--Database:ConnectionString=Data Source={dbPath}", "--Demo:Seed=true",
            "--Urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Security:SignInDelayMilliseconds=0"]);
        await ConsoleHost.PrepareAsync(app);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            // Every list is a tab in one window: without the last three flags Chromium throttles the timers of the
            // tabs in the background to once a second, and the bench would measure that instead of the console.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, Locale = "en-GB" });
        context.SetDefaultTimeout(60_000);
        var first = await context.NewPageAsync();
        await first.GotoAsync("account/login");
        await first.GetByLabel("E-mail").FillAsync("admin@nordtal.example");
        await first.GetByLabel("Password").FillAsync("Demo-2026!");
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await first.Locator("[data-interactive='true']").WaitForAsync();
        await first.CloseAsync();

        var pages = new List<IPage>();
        async Task OpenUntilAsync(int n)
        {
            while (pages.Count < n)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("companies");
                await page.Locator("[data-interactive='true']").WaitForAsync();
                await page.Locator("tbody tr").First.WaitForAsync();
                pages.Add(page);
            }
        }

        // Circuit memory.
        await OpenUntilAsync(10);
        var at10 = await HeapAsync();
        await OpenUntilAsync(lists);
        var atN = await HeapAsync();
        Console.WriteLine($"Circuit memory: managed heap {at10:F1} MB with 10 open lists, {atN:F1} MB with {lists}: " +
                          $"{(atN - at10) / (lists - 10) * 1000:F0} KB per idle list");

        // Fan-out: a plan changed on the first row of every list. Sorted by name, the change carries the new plan and
        // each list updates the row in place; sorted by plan, the company leaves page 1, so each list reads its page again.
        var service = await Bench.ServiceAsAsync<SubscriptionService>(app, "admin@nordtal.example");
        var company = await FirstRowAsync(pages[0]);
        await FanOutAsync("sorted by name", pages, service, company, rounds, (round, plan) =>
            ("plan => document.querySelector('tbody tr td:nth-child(4)')?.textContent.trim() === plan", plan.ToString()));

        var status = await service.GetAsync(company);
        if (status.Current.Plan != Plan.Small)
            await service.ChangeAsync(company, new SubscriptionChange(status.Current with { Plan = Plan.Small }, status.Version));
        foreach (var page in pages)
        {
            await page.GotoAsync("companies?sort=plan");
            await page.Locator("[data-interactive='true']").WaitForAsync();
            await page.Locator("tbody tr").First.WaitForAsync();
        }
        company = await FirstRowAsync(pages[0]);
        // Names repeat in the data set: the first row is told by its Manage link.
        await FanOutAsync("sorted by plan", pages, service, company, rounds, (round, plan) =>
            (plan == Plan.Small
                ? "href => document.querySelector('tbody tr a[href^=\"companies/\"]')?.getAttribute('href') === href"
                : "href => document.querySelector('tbody tr a[href^=\"companies/\"]')?.getAttribute('href') !== href",
             $"companies/{company}"));

        // Search as you type, in the first list, while the others stay open.
        var typing = new List<double>();
        var companies = await Bench.ServiceAsAsync<AdminConsole.Companies.CompanyService>(app, "admin@nordtal.example");
        var totals = new Dictionary<string, int>();
        foreach (var word in new[] { "hansen", "jensen" })
            totals[word] = (await companies.ListAsync(new AdminConsole.Companies.CompanyListQuery(Search: word))).Total;
        var all = (await companies.ListAsync(new AdminConsole.Companies.CompanyListQuery())).Total;
        var box = pages[0].GetByLabel("Search companies");
        for (var round = 0; round < rounds + 2; round++)
        {
            var word = round % 2 == 0 ? "hansen" : "jensen";
            await box.FillAsync("");
            await pages[0].WaitForFunctionAsync("t => [...document.querySelectorAll('[role=status]')].some(s => s.textContent.includes(t))",
                $"of {all} companies");
            await box.PressSequentiallyAsync(word[..^1], new() { Delay = 60 });
            await Task.Delay(60);
            var clock = Stopwatch.StartNew();
            await box.PressAsync(word[^1..]);
            await pages[0].WaitForFunctionAsync(
                "t => [...document.querySelectorAll('[role=status]')].some(s => s.textContent.includes(t))",
                $"of {totals[word]} companies", new() { PollingInterval = 5 });
            if (round >= 2)
                typing.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"Search as you type with {lists} lists open: last key to matching grid p50 {Bench.P(typing, 50):F0} ms, " +
                          $"p99 {Bench.P(typing, 99):F0} ms");

        await context.CloseAsync();
        await app.StopAsync();
    }

    /// <summary>Changes the company's plan (Plus ↔ Small) each round; the time until every list passes its check.</summary>
    private static async Task FanOutAsync(string how, List<IPage> pages, SubscriptionService service, int company, int rounds,
        Func<int, Plan, (string Script, string Argument)> shows)
    {
        var last = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds + 2; round++)
        {
            var status = await service.GetAsync(company);
            var to = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus;
            await Task.Delay(600);   // the lists settle (a refresh is at most every 250 ms)
            // What the open lists cost while nothing changes (keep-alives, the browser driver), to take off the change.
            process.Refresh();
            var idleStart = process.TotalProcessorTime;
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(500);
            process.Refresh();
            var idlePerMs = (process.TotalProcessorTime - idleStart).TotalMilliseconds / idleClock.Elapsed.TotalMilliseconds;
            // Each page notes the moment (wall clock, shared by every tab) its grid first shows the change: a
            // MutationObserver, not polling, which in fifty tabs would be what is measured.
            var (script, argument) = shows(round, to);
            await Task.WhenAll(pages.Select(p => p.EvaluateAsync(Watch, new object[] { script, argument })));
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var clock = Stopwatch.StartNew();
            await service.ChangeAsync(company, new SubscriptionChange(status.Current with { Plan = to }, status.Version));
            // The server's share: this process's CPU while the lists take the change, nothing else asked of it.
            await Task.Delay(2000);
            process.Refresh();
            var cpuUsed = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds - idlePerMs * clock.Elapsed.TotalMilliseconds;
            var times = await Task.WhenAll(pages.Select(async p =>
            {
                try
                {
                    var seen = await p.WaitForFunctionAsync("() => window.__seen", null, new() { PollingInterval = 50, Timeout = 20_000 });
                    return (await seen.JsonValueAsync<double>()) - start;
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"A list {how} did not show {to} for {argument}; its first row reads: " +
                                               await p.Locator("tbody tr").First.TextContentAsync() + " at " + p.Url);
                }
            }));
            if (round >= 2)   // the first rounds warm up
            {
                last.Add(times.Max());
                cpu.Add(cpuUsed);
            }
        }
        Console.WriteLine($"Fan-out to {pages.Count} open lists {how}, {rounds} changes: last list updated p50 {Bench.P(last, 50):F0} ms, " +
                          $"p99 {Bench.P(last, 99):F0} ms; server CPU per change (this process, idle taken off) " +
                          $"p50 {Bench.P(cpu, 50):F0} ms");
    }

    /// <summary>The company of the list's first row (its Manage link names it).</summary>
    private static async Task<int> FirstRowAsync(IPage page) =>
        int.Parse((await page.Locator("tbody tr").First.Locator("a[href^='companies/']").First.GetAttributeAsync("href"))!
            ["companies/".Length..], System.Globalization.CultureInfo.InvariantCulture);

    // Arms a MutationObserver that stores Date.now() in window.__seen when check(argument) first holds.
    private const string Watch = """
        ([check, argument]) => {
            window.__seen = 0;
            const test = new Function('return ' + check)();
            const observer = new MutationObserver(() => {
                if (!window.__seen && test(argument)) { window.__seen = Date.now(); observer.disconnect(); }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    private static async Task<double> HeapAsync()
    {
        await Task.Delay(2000);   // circuits finish their first renders
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true) / 1e6;
    }
}
