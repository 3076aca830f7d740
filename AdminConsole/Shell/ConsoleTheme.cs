using MudBlazor;

namespace AdminConsole.Shell;

public static class ConsoleTheme
{
    /// <summary>The settings gear is orange, as in the source articles' screenshots.</summary>
    public const string GearColor = "#f57c00";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e4e79", AppbarBackground = "#1e4e79", Secondary = GearColor },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
