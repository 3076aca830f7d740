using AdminConsole.Infrastructure;
using AdminConsole.Data;
using AdminConsole.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Account;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>The password was right; the person now gives their second step (<c>/account/two-step</c>).</summary>
    SecondStep,
    /// <summary>The password was right, but the person must set up a second step before anything else.</summary>
    Enrol,
    Wrong,
    Locked,
    /// <summary>The second step came without a first (the two-step cookie expired or was never there).</summary>
    Ended,
}

/// <summary>Which second steps the person who gave their password can use.</summary>
public sealed record PendingSecondStep(bool Authenticator, bool Passkey);

/// <summary>
/// The sign-in decision. Every attempt costs one password hash, known account or not, and only a correct password
/// learns that an account is locked: neither the timing nor the message tells an anonymous caller which accounts exist.
/// </summary>
public sealed class SignInService(
    SignInManager<AppUser> signIn,
    TwoStepRule twoStep,
    TwoStepNotices notices,
    IStringLocalizer<SharedResource> L,
    IPasswordHasher<AppUser> hasher,
    SignInThrottle throttle,
    ILogger<SignInService> log)
{
    private string Address => signIn.Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static readonly AppUser Nobody = new();
    private static string? _dummyHash;

    public async Task<SignInOutcome> SignInAsync(string name, string password)
    {
        var users = signIn.UserManager;
        await Task.Delay(throttle.DelayFor(Address));
        // Partner staff sign in with their e-mail; a company superuser with its superuser ID or e-mail. Text no
        // person can type, an unknown name and (should the data ever allow it) an ambiguous one all read as "wrong".
        var key = SignInNames.Normalize(name);
        var matches = TextRules.IsClean(name) && !string.IsNullOrEmpty(key) && key.Length <= TextRules.Email
            ? await users.Users.Where(u => u.NormalizedEmail == key || u.NormalizedUserName == key).OrderBy(u => u.Id).Take(2).ToListAsync()
            : [];
        var user = matches.Count == 1 ? matches[0] : null;
        if (user is null)
        {
            _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            throttle.Failed(Address, null);
            log.SignInUnknown();
            return SignInOutcome.Wrong;
        }
        if (throttle.IsLockedFor(Address, user.Id) || await users.IsLockedOutAsync(user))
        {
            var correct = await users.CheckPasswordAsync(user, password);
            log.SignInWhileLocked(user.Id);
            return correct ? SignInOutcome.Locked : SignInOutcome.Wrong;
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The person's own language follows them to every device they sign in on.
            if (Languages.IsSupported(user.Language) && signIn.Context is { } http)
                Languages.Remember(http.Response, user.Language!);
            return await SecondStepAsync(user);
        }
        // A wrong password that reached a limit locks the account for this address (or everywhere); the caller still
        // only learns "wrong".
        throttle.Failed(Address, user.Id);
        if (result.IsLockedOut)
            log.LockedOut(user.Id);
        else
            log.SignInFailed(user.Id);
        return SignInOutcome.Wrong;
    }

    /// <summary>
    /// After a right password: a person with a second step gives it next (Identity's two-step cookie remembers who);
    /// one who must have one but has none gets a restricted session that reaches only the enrolment page.
    /// </summary>
    private async Task<SignInOutcome> SecondStepAsync(AppUser user)
    {
        if (await TwoStepRule.HasSecondStepAsync(signIn.UserManager, user))
        {
            await signIn.Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, user.Id)],
                    IdentityConstants.TwoFactorUserIdScheme)));
            log.PasswordAccepted(user.Id);
            return SignInOutcome.SecondStep;
        }
        // Only a finished sign-in clears the address's failures: a right password before a second step does not, so
        // guessing codes cannot be spread over fresh password steps.
        throttle.Succeeded(Address, user.Id);
        if (await twoStep.RequiredAsync(user))
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new(TwoStepRule.EnrolClaim, "1")]);
            log.MustEnrol(user.Id);
            return SignInOutcome.Enrol;
        }
        await signIn.SignInAsync(user, isPersistent: false);
        log.SignedIn(user.Id);
        return SignInOutcome.SignedIn;
    }

    /// <summary>The person between the password and the second step, or null when there is none.</summary>
    public async Task<PendingSecondStep?> PendingAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is { } user
            ? new PendingSecondStep(user.TwoFactorEnabled, (await signIn.UserManager.GetPasskeysAsync(user)).Count > 0)
            : null;

    /// <summary>A code from the authenticator app. Wrong codes count towards the account's lockout, like wrong passwords.</summary>
    public async Task<SignInOutcome> AuthenticatorAsync(string? code)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return SignInOutcome.Ended;
        await Task.Delay(throttle.DelayFor(Address));
        if (throttle.IsLockedFor(Address, user.Id))
            return await SecondStepResultAsync(user, Microsoft.AspNetCore.Identity.SignInResult.LockedOut);
        var digits = TwoStepService.CodeDigits(code);
        // Only an app the person turned on: a key from a set-up never finished is no second step.
        var result = digits is not null && user.TwoFactorEnabled
            ? await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false)
            : await FailedSecondStepAsync(user);
        return await SecondStepResultAsync(user, result);
    }

    /// <summary>A recovery code, used once. Identity does not count wrong ones; this does, so they cannot be guessed either.</summary>
    public async Task<SignInOutcome> RecoveryCodeAsync(string? code)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return SignInOutcome.Ended;
        await Task.Delay(throttle.DelayFor(Address));
        if (throttle.IsLockedFor(Address, user.Id))
            return await SecondStepResultAsync(user, Microsoft.AspNetCore.Identity.SignInResult.LockedOut);
        var text = (code ?? "").Trim();
        var result = user.TwoFactorEnabled && text.Length is > 0 and <= 32 && TextRules.IsClean(text) && !await signIn.UserManager.IsLockedOutAsync(user)
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(text)
            : Microsoft.AspNetCore.Identity.SignInResult.Failed;
        if (!result.Succeeded && !result.IsLockedOut)
            result = await FailedSecondStepAsync(user);
        if (result.Succeeded)
        {
            var left = await signIn.UserManager.CountRecoveryCodesAsync(user);
            await notices.AddAsync(user, "person.recovery-code-used", new { Left = left },
                () => L["A recovery code was used to sign in to your account. {0} codes are left; make new ones on the sign-in security page.", left]);
            await notices.SaveAsync();
        }
        return await SecondStepResultAsync(user, result);
    }

    /// <summary>A passkey: a sign-in of its own (something held and unlocked on the device), first step or second.</summary>
    public async Task<SignInOutcome> PasskeyAsync(string? credentialJson)
    {
        if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64 * 1024)
            return SignInOutcome.Wrong;
        Microsoft.AspNetCore.Identity.SignInResult result;
        try
        {
            result = await signIn.PasskeySignInAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way (its cookie expired, or the form was sent again): a wrong answer, not an error.
            return SignInOutcome.Wrong;
        }
        if (result.IsLockedOut)
            return SignInOutcome.Locked;
        if (!result.Succeeded)
        {
            log.SignInFailed("(passkey)");
            return SignInOutcome.Wrong;
        }
        await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return SignInOutcome.SignedIn;
    }

    /// <summary>The options for the browser's <c>navigator.credentials.get()</c>: any passkey of this site, or the pending person's.</summary>
    public async Task<string> PasskeyRequestOptionsAsync() =>
        await signIn.MakePasskeyRequestOptionsAsync(await signIn.GetTwoFactorAuthenticationUserAsync());

    private async Task<Microsoft.AspNetCore.Identity.SignInResult> FailedSecondStepAsync(AppUser user)
    {
        await signIn.UserManager.AccessFailedAsync(user);
        return await signIn.UserManager.IsLockedOutAsync(user)
            ? Microsoft.AspNetCore.Identity.SignInResult.LockedOut : Microsoft.AspNetCore.Identity.SignInResult.Failed;
    }

    private async Task<SignInOutcome> SecondStepResultAsync(AppUser user, Microsoft.AspNetCore.Identity.SignInResult result)
    {
        if (!result.Succeeded && !result.IsLockedOut)
            throttle.Failed(Address, user.Id);
        if (result.Succeeded)
        {
            throttle.Succeeded(Address, user.Id);
            log.SignedIn(user.Id);
            return SignInOutcome.SignedIn;
        }
        log.SecondStepFailed(user.Id);
        // Identity answers "failed" to the very attempt that reached the limit; the account is locked all the same.
        if (!result.IsLockedOut && !throttle.IsLockedFor(Address, user.Id) && !await signIn.UserManager.IsLockedOutAsync(user))
            return SignInOutcome.Wrong;
        // Locked now: the half-done sign-in ends, so the next try starts again at the password.
        await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return SignInOutcome.Locked;
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
