using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Infrastructure;

/// <summary>[Required] whose message is a resource key, read in the person's language when the form is validated.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredTextAttribute(string message) : ValidationAttribute
{
    public string Message { get; } = message;

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is string text && !string.IsNullOrWhiteSpace(text)
            ? ValidationResult.Success
            : new ValidationResult(context.GetService(typeof(IStringLocalizer<SharedResource>)) is IStringLocalizer L ? L[Message] : Message,
                context.MemberName is { } member ? [member] : null);
}

/// <summary>Identity's messages (password rules, a taken e-mail) in the person's language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> L) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = L["The password must be at least {0} characters long.", length] };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = L["The password must contain a symbol (not a letter or digit)."] };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = L["The password must contain a digit (0–9)."] };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = L["The password must contain a lower-case letter."] };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = L["The password must contain an upper-case letter."] };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = L["The password must use at least {0} different characters.", uniqueChars] };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = L["This e-mail already belongs to another sign-in."] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = L["This e-mail already belongs to another sign-in."] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = L["Enter a valid e-mail address, like name@example.com."] };
}
