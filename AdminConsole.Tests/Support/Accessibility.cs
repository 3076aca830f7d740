using System.Text.Json;
using Microsoft.Playwright;

namespace AdminConsole.Tests.Support;

/// <summary>axe-core (installed by ./test.sh into AdminConsole.Tests/a11y), injected into a page and run there.</summary>
public static class Accessibility
{
    public static string AxePath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AdminConsole.sln")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? "", "AdminConsole.Tests", "a11y", "node_modules", "axe-core", "axe.min.js");
        }
    }

    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    /// <summary>The page's serious and critical violations (WCAG 2.1 AA rules and axe's best practices).</summary>
    public static async Task<IReadOnlyList<Violation>> SeriousViolationsAsync(this IPage page)
    {
        // Evaluated through the DevTools protocol, not added as a <script>: the console's CSP refuses inline scripts.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath));
        var json = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })))
            """);
        return JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    /// <summary>Fails with a readable list when the page has a serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string what)
    {
        var violations = await page.SeriousViolationsAsync();
        Assert.True(violations.Count == 0, $"{what}: " + string.Join("; ", violations.Select(v =>
            $"{v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Targets)}")));
    }
}
