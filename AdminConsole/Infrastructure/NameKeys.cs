using System.Globalization;
using System.Text;

namespace AdminConsole.Infrastructure;

/// <summary>
/// How names are searched and sorted in each language, as plain lower-case keys computed here and stored beside the
/// name, so one ordinary index serves the order on SQLite and PostgreSQL alike (no collation to register on every
/// connection, no ICU version that can reorder an index on a server upgrade).
/// <list type="bullet">
/// <item><see cref="Folded"/>: without accents and strokes (ø → o, æ → ae, ß → ss). The search key in every language,
/// so "o" finds Østfold and Köhler; and the sort key in English and German (ä sorts as a, as DIN 5007 has it).</item>
/// <item><see cref="Nordic"/>: æ, ø, å after z, in that order, as Danish and Norwegian sort (ä and ö with æ and ø).</item>
/// </list>
/// </summary>
public static class NameKeys
{
    public const int MaxLength = 2 * TextRules.Name;

    /// <summary>Whether names are sorted the Danish and Norwegian way in this culture.</summary>
    public static bool SortsNordic(CultureInfo culture) => culture.TwoLetterISOLanguageName is "da" or "nb" or "nn" or "no";

    public static string Folded(string name) => Build(name, nordic: false);

    public static string Nordic(string name) => Build(name, nordic: true);

    private static string Build(string name, bool nordic)
    {
        var key = new StringBuilder(name.Length);
        // By rune, so a character outside the BMP stays whole; a lone surrogate becomes U+FFFD instead of throwing.
        foreach (var rune in string.Concat(name.EnumerateRunes()).Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var lower = Rune.ToLowerInvariant(rune);
            var ch = lower.IsBmp ? (char)lower.Value : '\0';
            switch (ch)
            {
                // After z as '{', '|', '}' (the three code points that follow it), so ordinal order is Danish order.
                case 'æ' or 'ä' when nordic: key.Append('{'); break;
                case 'ø' or 'ö' when nordic: key.Append('|'); break;
                case 'å' when nordic: key.Append('}'); break;
                case 'ü' when nordic: key.Append('y'); break;
                case '{' or '|' or '}': key.Append(' '); break;
                case 'ø': key.Append('o'); break;
                case 'æ': key.Append("ae"); break;
                case 'œ': key.Append("oe"); break;
                case 'ß': key.Append("ss"); break;
                case 'đ' or 'ð': key.Append('d'); break;
                case 'ł': key.Append('l'); break;
                case 'þ': key.Append("th"); break;
                default:
                    foreach (var part in lower.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
                        if (Rune.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
                            key.Append(part.ToString());
                    break;
            }
        }
        return key.Length > MaxLength ? key.ToString(0, MaxLength) : key.ToString();
    }
}
