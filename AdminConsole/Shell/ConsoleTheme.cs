using MudBlazor;

namespace AdminConsole.Shell;

public static class ConsoleTheme
{
    /// <summary>
    /// The settings gear is orange, as in the source articles' screenshots: a deep orange, so white text on it
    /// (the partner chip) meets WCAG AA contrast (5.2:1).
    /// </summary>
    public const string GearColor = "#c2410c";

    public static readonly MudTheme Theme = new()
    {
        // Status colours deep enough for text on white and white text on them (WCAG AA, checked by axe in the tests).
        PaletteLight = new PaletteLight
        {
            Primary = "#1e4e79", AppbarBackground = "#1e4e79", Secondary = GearColor,
            Info = "#0d5ea6", Success = "#2e7d32", Warning = "#a04100", Error = "#c62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
