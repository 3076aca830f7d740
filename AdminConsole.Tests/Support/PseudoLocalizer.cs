using System.Text;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Tests.Support;

/// <summary>
/// Pseudo-localisation: every text of the console accented and 40 % longer ("Sign in" → "[Šîĝñ îñ ···]"), with its
/// placeholders kept, so a layout that only fits English shows up before a translator finds it.
/// </summary>
public sealed class PseudoLocalizerFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(inner.Create(resourceSource));
    public IStringLocalizer Create(string baseName, string location) => new PseudoLocalizer(inner.Create(baseName, location));

    private const string Plain = "aceginorsuyzACEGINORSUYZ";
    private const string Accented = "àçéĝîñöŕšûýžÀÇÉĜÎÑÖŔŠÛÝŽ";

    public static string Text(string english)
    {
        var text = new StringBuilder("[");
        var depth = 0;
        foreach (var ch in english)
        {
            if (ch == '{') depth++;
            var at = depth == 0 ? Plain.IndexOf(ch) : -1;
            text.Append(at >= 0 ? Accented[at] : ch);
            if (ch == '}' && depth > 0) depth--;
        }
        // 40 % longer than English in all (brackets included), in words so that it can wrap as real text does.
        var pad = Math.Max(1, (int)Math.Ceiling(english.Length * 0.4) - 2);
        text.Append(' ');
        for (var i = 1; i < pad; i++)
            text.Append(i % 7 == 0 ? ' ' : '·');
        return text.Append(']').ToString();
    }

    private sealed class PseudoLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Pseudo(inner[name]);
        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(System.Globalization.CultureInfo.CurrentCulture, Text(inner[name].Value), arguments),
                inner[name].ResourceNotFound);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            inner.GetAllStrings(includeParentCultures).Select(Pseudo);

        private static LocalizedString Pseudo(LocalizedString s) => new(s.Name, Text(s.Value), s.ResourceNotFound);
    }
}
