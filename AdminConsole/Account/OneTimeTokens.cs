using System.Security.Cryptography;
using System.Text;
using AdminConsole.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Account;

/// <summary>Single-use links: 256 random bits in the link, only their SHA-256 in the database.</summary>
public static class OneTimeTokens
{
    public const string SuperuserActivation = "superuser-activation";
    /// <summary>A partner's new staff member chooses a password (the same activation page as a superuser).</summary>
    public const string StaffActivation = "staff-activation";

    /// <summary>Adds a new token to the context and revokes the person's earlier unused ones of the same purpose.</summary>
    public static string Issue(AppDbContext db, AppUser user, string purpose, DateTime now, TimeSpan lifetime)
    {
        foreach (var old in db.OneTimeTokens.Where(t => t.UserId == user.Id && t.Purpose == purpose &&
                                                        t.UsedAt == null && t.RevokedAt == null))
            old.RevokedAt = now;
        var token = NewToken();
        db.OneTimeTokens.Add(new OneTimeToken
        {
            Purpose = purpose, User = user, UserId = user.Id, TokenHash = Hash(token), CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        return token;
    }

    /// <summary>
    /// Whether text from a link can be one of our tokens at all (base64url, at most 100 characters), checked before
    /// any lookup: an edited or hostile link is simply "not valid".
    /// </summary>
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 100 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
