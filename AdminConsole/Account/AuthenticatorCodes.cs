using System.Buffers.Binary;
using System.Security.Cryptography;
using AdminConsole.Data;
using Microsoft.AspNetCore.Identity;

namespace AdminConsole.Account;

/// <summary>
/// The authenticator-app codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) in place of Identity's own provider,
/// for two reasons: time comes from <see cref="TimeProvider"/> (tests turn the clock), and a code is accepted once —
/// a code read over someone's shoulder or replayed by a phishing proxy does not work a second time.
/// </summary>
public sealed class AuthenticatorCodes(TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const int Digits = 6;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // Where the last accepted step is kept (AspNetUserTokens), so the same code cannot be used again.
    private const string Provider = "[AdminConsole]", LastStepName = "AuthenticatorLastStep";

    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Accepts the current step and one on either side (a phone clock off by up to 30 s), each at most once.</summary>
    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != Digits || !token.All(char.IsAsciiDigit))
            return false;
        var now = StepAt(time.GetUtcNow());
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, Provider, LastStepName), out var l) ? l : long.MinValue;
        var secret = FromBase32(key);
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (step <= last || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
                continue;
            await manager.SetAuthenticationTokenAsync(user, Provider, LastStepName,
                step.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        return false;
    }

    internal static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The code an authenticator app shows for this key at this time.</summary>
    internal static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var value = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff;
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var index = alphabet.IndexOf(c);
            if (index < 0)
                continue;
            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits < 8)
                continue;
            bytes.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
        }
        return [.. bytes];
    }
}
