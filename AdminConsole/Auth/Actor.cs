using AdminConsole.Data;

namespace AdminConsole.Auth;

/// <summary>The signed-in person as the services see them, read fresh from the database for each operation.</summary>
public sealed record Actor(
    string UserId,
    string DisplayName,
    bool IsOperator,
    int? PartnerId,
    string? PartnerName,
    PartnerRole? Role,
    int? OwnCompanyId)
{
    public bool IsPartnerStaff => PartnerId is not null && Role is not null;
    public bool IsCompanyUser => OwnCompanyId is not null;

    /// <summary>For the audit trail: for whom this person acts when not inside a specific company.</summary>
    public string ActingFor => IsOperator ? AdminConsole.Audit.AuditLog.Operator : PartnerName ?? "";
}
