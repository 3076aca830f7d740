using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Code;

/// <summary>
/// Rules for every screen that a screen reader depends on, checked over all markup so a new screen cannot miss them:
/// each data table has a name, and each field error is tied to its input.
/// </summary>
public sealed partial class AccessibleMarkupTests
{
    private static IEnumerable<(string File, string Text)> Razor()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AdminConsole.sln")))
            dir = dir.Parent;
        return Directory.EnumerateFiles(Path.Combine(dir.FullName, "AdminConsole"), "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
    }

    [Fact]
    public void Every_data_table_has_an_accessible_name()
    {
        var unnamed = Razor().SelectMany(r => Tables().Matches(r.Text)
                .Where(m => m.Groups["tag"].Value is "MudTable" or "MudDataGrid"
                    ? !r.Text[m.Index..].Split("Content>", 2)[0].Contains("[\"aria-label\"]")   // TableAttributes, before the first template
                    : !r.Text[m.Index..].Split("</", 2)[0].Contains("<caption"))
                .Select(_ => r.File))
            .ToList();
        Assert.True(unnamed.Count == 0, "Tables without a caption or aria-label in: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void Every_field_error_is_tied_to_its_input()
    {
        var untied = Razor().SelectMany(r => FieldsWithErrors().Matches(r.Text).Where(m => !m.Value.Contains("ErrorId=")).Select(_ => r.File))
            .ToList();
        Assert.True(untied.Count == 0, "Fields with ErrorText but no ErrorId (aria-describedby) in: " + string.Join(", ", untied));
    }

    [GeneratedRegex(@"<(?<tag>MudTable|MudSimpleTable|MudDataGrid|table)\b")]
    private static partial Regex Tables();

    [GeneratedRegex(@"<Mud\w+\b[^>]*ErrorText=[^>]*>")]
    private static partial Regex FieldsWithErrors();
}
