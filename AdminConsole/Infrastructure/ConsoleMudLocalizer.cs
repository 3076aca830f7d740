using Microsoft.Extensions.Localization;
using MudBlazor;

namespace AdminConsole.Infrastructure;

/// <summary>
/// MudBlazor's own texts (pager, dialog and chip close buttons, clear, date picker…) from the console's resources, in
/// the person's language; a key the resources lack falls back to MudBlazor's English.
/// </summary>
public sealed class ConsoleMudLocalizer(IStringLocalizer<SharedResource> L) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = L[key];
            return text.ResourceNotFound ? base[key] : text;
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var text = L[key, arguments];
            return text.ResourceNotFound ? base[key, arguments] : text;
        }
    }
}
