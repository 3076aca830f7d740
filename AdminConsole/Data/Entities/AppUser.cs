using Microsoft.AspNetCore.Identity;

namespace AdminConsole.Data;

/// <summary>A person who can sign in: partner staff, an operator, or a company's own user.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Installation-wide support staff: sees every partner, always audited.</summary>
    public bool IsOperator { get; set; }

    /// <summary>Set for a company user (e.g. the superuser of an external agreement): sees only this company.</summary>
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    /// <summary>The language the person chose (en, da, nb, de); null follows the browser. E-mails to them use it too.</summary>
    public string? Language { get; set; }

    /// <summary>The person's time zone (IANA id, e.g. Europe/Copenhagen), as their browser last told it; null is UTC.</summary>
    public string? TimeZone { get; set; }
}
