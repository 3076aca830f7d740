using System.Security.Claims;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Account;

public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record TwoStepStatus(
    bool HasAuthenticator, int RecoveryCodesLeft, IReadOnlyList<PasskeyRow> Passkeys, bool Required, bool MustEnrol)
{
    public bool HasSecondStep => HasAuthenticator || Passkeys.Count > 0;
}

/// <summary>What an authenticator app needs: the key as text (typed by hand) and as an otpauth: link (the QR code).</summary>
public sealed record AuthenticatorSetup(string Key, string Link);

/// <summary>
/// A person's own second steps (page <c>/account/security</c>): an authenticator app with recovery codes, and passkeys.
/// Runs in a real request (static rendering), because each change re-issues the person's cookie. Every change is
/// audited, e-mailed to the person and ends their other sessions (a new security stamp).
/// </summary>
public sealed class TwoStepService(
    IHttpContextAccessor accessor,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    TwoStepRule rule,
    TwoStepNotices notices,
    IStringLocalizer<SharedResource> L)
{
    public const int RecoveryCodeCount = 10;
    public const int PasskeyNameLength = 60;

    private HttpContext Http => accessor.HttpContext ?? throw new SessionEndedException(L["Please sign in."]);

    private async Task<AppUser> PersonAsync() =>
        await users.GetUserAsync(Http.User) is { } user && !await users.IsLockedOutAsync(user)
            ? user : throw new SessionEndedException(L["Please sign in."]);

    public async Task<TwoStepStatus> StatusAsync()
    {
        var user = await PersonAsync();
        var passkeys = await users.GetPasskeysAsync(user);
        return new TwoStepStatus(user.TwoFactorEnabled,
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0,
            passkeys.OrderBy(p => p.CreatedAt)
                .Select(p => new PasskeyRow(WebEncoders.Base64UrlEncode(p.CredentialId), p.Name ?? L["Passkey"], p.CreatedAt)).ToList(),
            await rule.RequiredAsync(user), TwoStepRule.MustEnrol(Http.User));
    }

    /// <summary>A fresh key each time: a key shown earlier (perhaps on a shared screen) is never the one enabled.</summary>
    public async Task<AuthenticatorSetup> StartAuthenticatorAsync()
    {
        var user = await PersonAsync();
        if (user.TwoFactorEnabled)
            throw new ConflictProblem(L["An authenticator app is already set up. Remove it first to set up another."]);
        await users.ResetAuthenticatorKeyAsync(user);
        await ReissueAsync(user);
        return await PendingAuthenticatorAsync() ?? throw new ConflictProblem(L["Start again."]);
    }

    /// <summary>The key being set up (started, not yet confirmed), to show again after a wrong code.</summary>
    public async Task<AuthenticatorSetup?> PendingAuthenticatorAsync()
    {
        var user = await PersonAsync();
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (user.TwoFactorEnabled || string.IsNullOrEmpty(key))
            return null;
        var account = Uri.EscapeDataString(user.Email ?? user.UserName ?? user.Id);
        return new AuthenticatorSetup(string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant(),
            $"otpauth://totp/AdminConsole:{account}?secret={key}&issuer=AdminConsole&digits={AuthenticatorCodes.Digits}");
    }

    /// <summary>Turns the app on once it shows a right code; returns the recovery codes, shown this once.</summary>
    public async Task<IReadOnlyList<string>> EnableAuthenticatorAsync(string? code)
    {
        var user = await PersonAsync();
        if (user.TwoFactorEnabled)
            throw new ConflictProblem(L["An authenticator app is already set up. Remove it first to set up another."]);
        var digits = CodeDigits(code);
        if (digits is null)
            throw Field("Code", L["Enter the 6-digit code your authenticator app shows."]);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
            throw Field("Code", L["That code is not right. Check that your phone's clock is right and enter the code it shows now."]);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []).ToList();
        await notices.AddAsync(user, "person.two-step-added", new { Method = "Authenticator app" },
            () => L["An authenticator app was added to your sign-in."]);
        // Commits with the audit entry and the e-mail; the new security stamp ends the person's other sessions.
        await users.SetTwoFactorEnabledAsync(user, true);
        await ReissueAsync(user);
        notices.Sent();
        return codes;
    }

    public async Task RemoveAuthenticatorAsync()
    {
        var user = await PersonAsync();
        if (!user.TwoFactorEnabled)
            return;
        if (await rule.RequiredAsync(user) && (await users.GetPasskeysAsync(user)).Count == 0)
            throw new ForbiddenProblem(L["Two-step sign-in is required for you: add a passkey before you remove the authenticator app."]);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await notices.AddAsync(user, "person.two-step-removed", new { Method = "Authenticator app" },
            () => L["The authenticator app was removed from your sign-in."]);
        await users.SetTwoFactorEnabledAsync(user, false);
        await ReissueAsync(user);
        notices.Sent();
    }

    /// <summary>Ten new codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync()
    {
        var user = await PersonAsync();
        if (!user.TwoFactorEnabled)
            throw new ForbiddenProblem(L["Set up an authenticator app first."]);
        await notices.AddAsync(user, "person.recovery-codes-renewed", null,
            () => L["New recovery codes were made for your sign-in; the old ones no longer work."]);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []).ToList();
        notices.Sent();
        return codes;
    }

    /// <summary>The options for the browser's <c>navigator.credentials.create()</c>; Identity keeps the challenge.</summary>
    public async Task<string> PasskeyCreationOptionsAsync()
    {
        var user = await PersonAsync();
        return await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id, Name = user.Email ?? user.UserName ?? user.Id, DisplayName = user.DisplayName,
        });
    }

    /// <summary>Checks the browser's answer against the challenge and stores the new passkey under the given name.</summary>
    public async Task AddPasskeyAsync(string? credentialJson, string? name)
    {
        var user = await PersonAsync();
        var label = (name ?? "").Trim();
        if (label.Length == 0)
            label = L["Passkey"];
        if (label.Length > PasskeyNameLength || !TextRules.IsClean(label))
            throw Field("Name", L["Use at most {0} characters, without control characters.", PasskeyNameLength]);
        if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64 * 1024)
            throw new ConflictProblem(L["The passkey was not created. Try again."]);
        PasskeyAttestationResult result;
        try
        {
            result = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way (its cookie expired, or the form was sent again).
            throw new ConflictProblem(L["The passkey was not created. Try again."]);
        }
        if (!result.Succeeded)
            throw new ConflictProblem(L["The passkey was not created. Try again."]);
        result.Passkey.Name = label;
        await notices.AddAsync(user, "person.two-step-added", new { Method = "Passkey", Name = label },
            () => L["A passkey \"{0}\" was added to your sign-in.", label]);
        await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        await users.UpdateSecurityStampAsync(user);
        await ReissueAsync(user);
        notices.Sent();
    }

    public async Task RemovePasskeyAsync(string id)
    {
        var user = await PersonAsync();
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            throw new NotFoundProblem(L["This passkey no longer exists."]);
        }
        var passkeys = await users.GetPasskeysAsync(user);
        var passkey = passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(credentialId))
                      ?? throw new NotFoundProblem(L["This passkey no longer exists."]);
        if (passkeys.Count == 1 && !user.TwoFactorEnabled && await rule.RequiredAsync(user))
            throw new ForbiddenProblem(L["Two-step sign-in is required for you: set up another passkey or an authenticator app before you remove the last one."]);
        var label = passkey.Name ?? L["Passkey"];
        await notices.AddAsync(user, "person.two-step-removed", new { Method = "Passkey", Name = label },
            () => L["The passkey \"{0}\" was removed from your sign-in.", label]);
        await users.RemovePasskeyAsync(user, credentialId);
        await users.UpdateSecurityStampAsync(user);
        await ReissueAsync(user);
        notices.Sent();
    }

    /// <summary>
    /// A new cookie with the new security stamp. A restricted session stays restricted until a second step exists;
    /// after that the session counts as two-step (the person has just proved the new step).
    /// </summary>
    private async Task ReissueAsync(AppUser user)
    {
        var hasSecondStep = await TwoStepRule.HasSecondStepAsync(users, user);
        Claim[] claims = TwoStepRule.MustEnrol(Http.User) && !hasSecondStep ? [new(TwoStepRule.EnrolClaim, "1")]
            : hasSecondStep ? [new("amr", "mfa")] : [];
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
    }

    /// <summary>Six digits, spaces and dashes allowed between them; null when it is not that.</summary>
    internal static string? CodeDigits(string? code)
    {
        var digits = new string((code ?? "").Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == AuthenticatorCodes.Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private ValidationProblem Field(string field, string message) =>
        new(new Dictionary<string, string> { [field] = message }, message);
}

/// <summary>
/// The audit entry and the e-mail to the person for every change to how they sign in. Added to Identity's own context
/// before its save, so the change, the entry and the e-mail commit together.
/// </summary>
public sealed class TwoStepNotices(
    AppDbContext db,
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    TimeProvider time,
    IStringLocalizer<SharedResource> L,
    ILogger<TwoStepNotices> log)
{
    public async Task AddAsync(AppUser user, string action, object? after, Func<string> what)
    {
        var now = time.UtcNow();
        var actor = await CurrentActor.LoadAsync(dbFactory, time, user.Id, default)
                    ?? throw new SessionEndedException(L["Your session has ended. Please sign in again."]);
        AuditLog.Record(db, actor, action, now, after: after);
        if (user.Email is { Length: > 0 } email)
        {
            using var _ = Languages.Speak(Languages.ForRecipient(user.Language, null));
            EmailOutbox.Enqueue(db, now, email, user.DisplayName, L["Your sign-in to AdminConsole changed"],
                string.Join("\n", L["Hello {0},", user.DisplayName], "", what(), "",
                    L["If this was not you, sign in, change your password and remove what you do not know, and tell your administrator at once."]));
        }
        log.TwoStepChanged(user.Id, action);
    }

    /// <summary>Call after the save: the e-mail goes at once.</summary>
    public void Sent() => outbox.Nudge();

    /// <summary>For a change Identity has saved already (a recovery code redeemed while signing in).</summary>
    public async Task SaveAsync()
    {
        await db.SaveSafelyAsync(L, default);
        outbox.Nudge();
    }
}
