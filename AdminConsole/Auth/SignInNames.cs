using System.Globalization;
using System.Text;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace AdminConsole.Auth;

/// <summary>
/// The one comparison of sign-in names and e-mails: trimmed, without accents, in upper case, so "Åse@x.dk",
/// " ase@X.DK " and "Ase@x.dk" are one sign-in. Identity stores this form in NormalizedUserName and
/// NormalizedEmail, where unique indexes make the database refuse a second sign-in with the same name.
/// </summary>
public sealed class SignInNames : ILookupNormalizer
{
    public string? NormalizeName(string? name) => Normalize(name);

    public string? NormalizeEmail(string? email) => Normalize(email);

    public static string? Normalize(string? value)
    {
        if (value is null)
            return null;
        value = value.Trim();
        // Text no person can type (a lone surrogate, U+FFFE) would make Unicode normalisation throw; as it is, it
        // matches no stored name, since every stored one passed TextRules.
        if (!TextRules.IsClean(value))
            return value.ToUpperInvariant();
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                plain.Append(c);
        return plain.ToString().Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }
}
