using System.Security.Cryptography;
using System.Text;
using AdminConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace AdminConsole.Account;

/// <summary>
/// Identity's store, except that recovery codes are kept as SHA-256 hashes: someone who reads the database (a
/// backup, a copied file) cannot use them. Each code is 50 random bits shown once, so a fast hash suffices.
/// </summary>
public sealed class ConsoleUserStore(AppDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    // Where Identity's own store keeps the codes, so an account's codes move over unchanged in shape.
    private const string Provider = "[AspNetUserStore]", TokenName = "RecoveryCodes";

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        SetTokenAsync(user, Provider, TokenName, string.Join(';', recoveryCodes.Select(Hash)), cancellationToken);

    // Not the base's: it hands the remaining codes back to ReplaceCodesAsync, which would hash the hashes.
    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default)
    {
        var hashes = (await GetTokenAsync(user, Provider, TokenName, cancellationToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var hash = Hash(code);
        if (!hashes.Contains(hash))
            return false;
        await SetTokenAsync(user, Provider, TokenName, string.Join(';', hashes.Where(h => h != hash)), cancellationToken);
        return true;
    }

    /// <summary>Case and surrounding spaces do not matter to the person typing it.</summary>
    internal static string Hash(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant())));
}
