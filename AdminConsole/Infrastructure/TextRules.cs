using System.Buffers;
using System.Text;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Infrastructure;

/// <summary>
/// What free text may hold, in one place: the maximum lengths (the inputs' maxlength, the services' checks and the
/// columns use the same numbers) and no control characters or hidden direction marks, which would corrupt queries,
/// CSV files and how a name reads.
/// </summary>
public static class TextRules
{
    public const int Name = 200;
    public const int Reason = 200;
    public const int Ticket = 40;
    public const int OrganisationNumber = 40;
    public const int CustomerNumber = 10;
    public const int SuperuserId = 32;
    public const int Email = 254;
    public const int Search = 100;
    public const int Message = 2000;
    public const int Address = 400;

    /// <summary>Control characters (tab and line breaks only where a field has several lines) and bidirectional overrides.</summary>
    public static bool IsForbidden(char c, bool multiline = false) =>
        (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) ||
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>
    /// Whether text holds only characters a person can type and every library accepts: no forbidden character
    /// (<see cref="IsForbidden"/>), no lone surrogate and no Unicode noncharacter (U+FFFE, U+FDD0…), which make
    /// .NET's Unicode normalisation throw.
    /// </summary>
    public static bool IsClean(string value, bool multiline = false)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done ||
                IsNoncharacter(rune.Value) || (rune.IsBmp && IsForbidden((char)rune.Value, multiline)))
                return false;
            i += used;
        }
        return true;
    }

    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    /// <summary>The text without what <see cref="IsClean"/> refuses, for places that drop rather than refuse.</summary>
    public static string Clean(string value, bool multiline = false)
    {
        if (IsClean(value, multiline))
            return value;
        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) == OperationStatus.Done &&
                !IsNoncharacter(rune.Value) && !(rune.IsBmp && IsForbidden((char)rune.Value, multiline)))
                clean.Append(value, i, used);
            i += used;
        }
        return clean.ToString();
    }

    /// <summary>
    /// Adds the field's error (unless it has one) when the text is too long or holds a forbidden character;
    /// a service calls it for each text field before it saves.
    /// </summary>
    public static void Check(IDictionary<string, string> errors, string field, string? value, int max,
        IStringLocalizer L, bool multiline = false)
    {
        if (value is null || errors.ContainsKey(field))
            return;
        if (!IsClean(value, multiline))
            errors[field] = L["Remove the control characters or hidden direction marks from this field."];
        else if (value.Length > max)
            errors[field] = L["This field can hold at most {0} characters.", max];
    }

    /// <summary>One address a mail server accepts: local@domain.tld, nothing around it, at most <see cref="Email"/> long.</summary>
    public static bool IsEmail(string value) =>
        IsClean(value) && value.Length <= Email && MimeKit.MailboxAddress.TryParse(value, out var address) &&
        address.Address == value && value.IndexOf('@') is > 0 and var at && value.IndexOf('.', at) > at + 1 &&
        !value.EndsWith('.');

    /// <summary>Adds the field's error unless the value is an e-mail address.</summary>
    public static void CheckEmail(IDictionary<string, string> errors, string field, string? value, IStringLocalizer L)
    {
        if (string.IsNullOrEmpty(value) || !IsEmail(value))
            errors.TryAdd(field, L["Enter a valid e-mail address, like name@example.com."]);
    }

    /// <summary>A search term as it may reach a query: forbidden characters dropped, trimmed, capped; null when empty.</summary>
    public static string? SearchTerm(string? term)
    {
        if (term is null)
            return null;
        var clean = Clean(term).Trim();
        if (clean.Length > Search)
            clean = clean[..(char.IsHighSurrogate(clean[Search - 1]) ? Search - 1 : Search)];   // never half a pair
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>A value for a CSV cell: forbidden characters dropped, and a leading =, +, - or @ neutralised so a
    /// spreadsheet never runs it as a formula.</summary>
    public static string CsvSafe(string value)
    {
        var clean = Clean(value);
        return clean.Length > 0 && clean[0] is '=' or '+' or '-' or '@' ? "'" + clean : clean;
    }
}
