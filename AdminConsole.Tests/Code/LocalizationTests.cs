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

    /// <summary>Words that are the same in English and the language (names, loan words); anything else unchanged is untranslated.</summary>
    private static readonly Dictionary<string, string[]> SameAsEnglish = new()
    {
        ["da"] = ["Administrator", "E-mail", "Internet", "Invitation", "Login", "OK", "Partner", "Person", "Plus", "Portal", "Send invitation", "Standard", "Team"],
        ["nb"] = ["Administrator", "OK", "Partner", "Person", "Plus", "Portal", "Standard", "Team"],
        ["de"] = ["Administrator", "Clients", "Internet", "Name", "OK", "Operator", "Partner", "Passkey", "Passkeys", "Person", "Plus", "Portal", "Standard", "Superuser", "System", "Team", "Text"],
    };

    private static Dictionary<string, string> Read(string language) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(AppFolder(), "Resources",
                language == "en" ? "SharedResource.resx" : $"SharedResource.{language}.resx"))
            .Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    [InlineData("de")]
    public void Every_text_is_translated_with_the_same_placeholders_and_not_left_in_english(string language)
    {
        var english = Read("en");
        var translated = Read(language);
        var problems = new List<string>();
        foreach (var (key, text) in english)
        {
            if (!translated.TryGetValue(key, out var t) || string.IsNullOrWhiteSpace(t))
                problems.Add($"missing: {key}");
            else if (!Placeholders(t).SequenceEqual(Placeholders(text)))
                problems.Add($"placeholders differ: {key} → {t}");
            else if (t == text && !SameAsEnglish[language].Contains(key))
                problems.Add($"still English: {key}");
        }
        Assert.True(problems.Count == 0, $"{language}: run scripts/update-strings.py and translate; " + string.Join(" | ", problems));
    }

    private static IEnumerable<string> Placeholders(string text) =>
        Regex.Matches(text, @"\{(\d+)").Select(m => m.Groups[1].Value).Distinct().Order();

    [Fact]
    public async Task The_localizer_answers_in_the_languages_and_mudblazor_texts_come_from_the_resources()
    {
        await using var app = ConsoleHost.Build([]);
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var mud = app.Services.GetRequiredService<MudBlazor.MudLocalizer>();
        using (AdminConsole.Infrastructure.Languages.Speak(System.Globalization.CultureInfo.GetCultureInfo("da")))
        {
            Assert.Equal("Virksomheder", l["Companies"]);
            Assert.Equal("Første side", mud["MudPagination_FirstPage"]);
        }
        using (AdminConsole.Infrastructure.Languages.Speak(System.Globalization.CultureInfo.GetCultureInfo("nb")))
            Assert.Equal("Flytt selskap til ny kundeavtale", l["Move company to new customer agreement"]);
        using (AdminConsole.Infrastructure.Languages.Speak(System.Globalization.CultureInfo.GetCultureInfo("de")))
            Assert.Equal("Export in eine CSV-Datei", l["Export data to CSV"]);
        Assert.Equal("First page", mud["MudPagination_FirstPage"]);
    }

    [GeneratedRegex("""(?:L\[|RequiredText\()"((?:[^"\\]|\\.)*)"[\])]""")]
    private static partial Regex UsedText();
}
