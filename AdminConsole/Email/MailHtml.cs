using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AdminConsole.Email;

/// <summary>
/// The HTML part of an e-mail, made from its plain text (so both parts always say the same, in the same language):
/// paragraphs at blank lines, line breaks kept, links clickable, everything else encoded.
/// </summary>
public static partial class MailHtml
{
    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();

    public static string From(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.4\">");
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            html.Append("<p>").AppendJoin("<br>", paragraph.Split('\n').Select(Line)).Append("</p>");
        return html.Append("</body></html>").ToString();
    }

    private static string Line(string line)
    {
        var encoded = new StringBuilder();
        var at = 0;
        foreach (Match link in Link().Matches(line))
        {
            encoded.Append(WebUtility.HtmlEncode(line[at..link.Index]));
            var url = WebUtility.HtmlEncode(link.Value);
            encoded.Append("<a href=\"").Append(url).Append("\">").Append(url).Append("</a>");
            at = link.Index + link.Length;
        }
        return encoded.Append(WebUtility.HtmlEncode(line[at..])).ToString();
    }
}
