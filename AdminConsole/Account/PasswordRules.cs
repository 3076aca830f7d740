using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Account;

/// <summary>The one set of password rules (Identity's validators, as configured for the console), for console
/// sign-ins and customer-portal logins alike.</summary>
public sealed class PasswordRules(UserManager<AppUser> users, IStringLocalizer<SharedResource> L)
{
    public async Task<IReadOnlyList<string>> CheckAsync(string? password)
    {
        password ??= "";
        if (!TextRules.IsClean(password))
            return [L["The password holds a character that cannot be typed on a keyboard. Choose another password."]];
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new AppUser(), password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        return errors;
    }
}
