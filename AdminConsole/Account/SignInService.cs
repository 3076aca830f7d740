using AdminConsole.Infrastructure;
using AdminConsole.Data;
using AdminConsole.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Account;

public enum SignInOutcome
{
    SignedIn,
    Wrong,
    Locked,
}

/// <summary>
/// The sign-in decision. Every attempt costs one password hash, known account or not, and only a correct password
/// learns that an account is locked: neither the timing nor the message tells an anonymous caller which accounts exist.
/// </summary>
public sealed class SignInService(
    SignInManager<AppUser> signIn,
    IPasswordHasher<AppUser> hasher,
    ILogger<SignInService> log)
{
    private static readonly AppUser Nobody = new();
    private static string? _dummyHash;

    public async Task<SignInOutcome> SignInAsync(string name, string password)
    {
        var users = signIn.UserManager;
        // Partner staff sign in with their e-mail; a company superuser with its superuser ID or e-mail. Text no
        // person can type, an unknown name and (should the data ever allow it) an ambiguous one all read as "wrong".
        var key = SignInNames.Normalize(name);
        var matches = TextRules.IsClean(name) && !string.IsNullOrEmpty(key) && key.Length <= TextRules.Email
            ? await users.Users.Where(u => u.NormalizedEmail == key || u.NormalizedUserName == key).Take(2).ToListAsync()
            : [];
        var user = matches.Count == 1 ? matches[0] : null;
        if (user is null)
        {
            _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            log.SignInUnknown();
            return SignInOutcome.Wrong;
        }
        if (await users.IsLockedOutAsync(user))
        {
            var correct = await users.CheckPasswordAsync(user, password);
            log.SignInWhileLocked(user.Id);
            return correct ? SignInOutcome.Locked : SignInOutcome.Wrong;
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The person's own language follows them to every device they sign in on.
            if (Languages.IsSupported(user.Language) && signIn.Context is { } http)
                Languages.Remember(http.Response, user.Language!);
            log.SignedIn(user.Id);
            return SignInOutcome.SignedIn;
        }
        // A wrong password that reached the limit locks the account; the caller still only learns "wrong".
        if (result.IsLockedOut)
            log.LockedOut(user.Id);
        else
            log.SignInFailed(user.Id);
        return SignInOutcome.Wrong;
    }

    /// <summary>
    /// Ends the person's sessions on the server: a new security stamp invalidates every cookie issued before
    /// (checked on each request), so a copied cookie stops working too.
    /// </summary>
    public async Task SignOutAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        var user = await signIn.UserManager.GetUserAsync(principal);
        if (user is not null)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            log.SignedOut(user.Id);
        }
        await signIn.SignOutAsync();
    }
}

/// <summary>
/// Identity's cookie check, run on every request (interval zero): a stale security stamp (signed out, password
/// changed), a deleted account or a locked one ends the cookie at once.
/// </summary>
public sealed class ConsoleSecurityStampValidator(
    Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions> options,
    SignInManager<AppUser> signInManager,
    ILoggerFactory logger) : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    protected override async Task<AppUser?> VerifySecurityStamp(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is null || await SignInManager.UserManager.IsLockedOutAsync(user) ? null : user;
    }
}
