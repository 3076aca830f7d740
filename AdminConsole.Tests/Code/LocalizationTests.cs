using System.Text.RegularExpressions;
using AdminConsole.Infrastructure;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Tests.Code;

/// <summary>Every UI text goes through the resources, so translators (da, nb, de) see all of it.</summary>
public sealed partial class LocalizationTests
{
    private static string AppFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AdminConsole.sln")))
            dir = dir.Parent;
        return Path.Combine(dir.FullName, "AdminConsole");
    }

    [Fact]
    public void Every_text_the_code_asks_for_is_in_the_english_resources()
    {
        var resx = File.ReadAllText(Path.Combine(AppFolder(), "Resources", "SharedResource.resx"));
        var missing = Directory.EnumerateFiles(AppFolder(), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => UsedText().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .Distinct()
            .Where(key => !resx.Contains($"<data name=\"{System.Security.SecurityElement.Escape(key).Replace("&apos;", "'")}\""))
            .ToList();
        Assert.True(missing.Count == 0, "Run scripts/update-strings.py; missing: " + string.Join(" | ", missing));
    }

    [Fact]
    public async Task The_localizer_finds_the_resources_at_run_time()
    {
        await using var app = ConsoleHost.Build([]);
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        Assert.False(l["Search companies"].ResourceNotFound);
        Assert.Equal("Managing A as B", l["Managing {0} as {1}", "A", "B"].Value);
    }

    [Fact]
    public async Task Texts_chosen_at_run_time_are_in_the_resources_too()
    {
        await using var app = ConsoleHost.Build([]);
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var texts = AdminConsole.Auth.AccessPolicy.EachRight
            .SelectMany(r => new[] { AdminConsole.Auth.AccessPolicy.RightName(r), AdminConsole.Auth.AccessPolicy.RightDescription(r) })
            .Concat(AdminConsole.PortalUsers.PortalPermissions.Each.Select(AdminConsole.PortalUsers.PortalPermissions.Name))
            .Concat(new[] { (true, false), (false, true), (false, false) }.Select(p => AdminConsole.PortalUsers.PortalPermissions.WhyOff(
                p.Item1 ? AdminConsole.Data.PortalPermission.All : AdminConsole.Data.PortalPermission.None,
                p.Item2 ? AdminConsole.Data.PortalPermission.All : AdminConsole.Data.PortalPermission.None,
                AdminConsole.Data.PortalPermission.SeePrices)!))
            .Concat(AdminConsole.Companies.Settings.SettingsSections.All.SelectMany(s => new[] { s.Group, s.Title }));
        Assert.All(texts, t => Assert.False(l[t].ResourceNotFound, $"not in the resources: {t}"));
    }

    [GeneratedRegex("""(?:L\[|RequiredText\()"((?:[^"\\]|\\.)*)"[\])]""")]
    private static partial Regex UsedText();
}
