using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Live;
using Microsoft.Extensions.Options;

namespace AdminConsole.Infrastructure;

/// <summary>
/// The operator's settings sections, bound and validated (data annotations on the option classes, whose messages name
/// the setting). <see cref="Check"/> reads them all before anything else happens, so a bad setting stops the start
/// with a message instead of running on a default.
/// </summary>
public static class Settings
{
    public static void AddConsoleSettings(this IServiceCollection services)
    {
        Add<DatabaseOptions>(services, "Database");
        Add<SecurityOptions>(services, "Security");
        Add<SmtpOptions>(services, "Smtp");
        Add<LiveUpdatesOptions>(services, "LiveUpdates");
        Add<DemoOptions>(services, "Demo");
    }

    private static void Add<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>Reads every section once; a bad value becomes a one-line <see cref="StartupException"/>.</summary>
    public static void Check(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            _ = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
            _ = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
            _ = services.GetRequiredService<IOptions<LiveUpdatesOptions>>().Value;
            _ = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new StartupException("AdminConsole cannot start: " + string.Join(" ", e.Failures.Select(Plain)));
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // A value the binder cannot convert (a word where a number or an allowed name belongs).
            throw new StartupException($"AdminConsole cannot start: {e.Message}");
        }
    }

    /// <summary>"DataAnnotation validation failed for 'X' members: 'Y' with the error: 'Z'." → "Z".</summary>
    private static string Plain(string failure)
    {
        const string marker = "with the error: '";
        var at = failure.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? failure : failure[(at + marker.Length)..].TrimEnd('.', '\'') + ".";
    }
}
