using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace AdminConsole.Infrastructure;

/// <summary>
/// The operator's settings file: the repository's root appsettings.json (or the file named by
/// ADMINCONSOLE_SETTINGS). It sits over AdminConsole/appsettings.json (the defaults) and under
/// environment variables and the command line.
/// </summary>
public static class OperatorSettings
{
    public const string EnvironmentVariable = "ADMINCONSOLE_SETTINGS";

    /// <summary>The file, or null when running from a published folder where the content root's file is the operator's.</summary>
    public static string? Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return Path.GetFullPath(explicitPath);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AdminConsole.sln")))
                    return File.Exists(Path.Combine(dir.FullName, "appsettings.json"))
                        ? Path.Combine(dir.FullName, "appsettings.json")
                        : null;
        return null;
    }

    /// <summary>Adds the operator's file above the defaults and below environment variables.</summary>
    public static string? AddTo(WebApplicationBuilder builder)
    {
        var path = Locate();
        if (path is null)
            return null;
        var sources = builder.Configuration.Sources;
        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
            Optional = true,
            ReloadOnChange = false,
        };
        // Re-add every source in the new order: ConfigurationManager reloads on Add, not on Insert.
        var ordered = sources.ToList();
        // Right after the last JSON file (the defaults), so environment variables and the command line still win.
        ordered.Insert(ordered.FindLastIndex(s => s is JsonConfigurationSource) + 1, source);
        sources.Clear();
        foreach (var s in ordered)
            sources.Add(s);
        return path;
    }

    /// <summary>Relative file paths in settings (the SQLite file) are relative to the operator's file, else the content root.</summary>
    public static string BaseDirectory(string? settingsPath, IHostEnvironment env) =>
        settingsPath is not null ? Path.GetDirectoryName(settingsPath)! : env.ContentRootPath;
}
