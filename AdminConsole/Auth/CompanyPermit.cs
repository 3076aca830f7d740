using AdminConsole.Data;

namespace AdminConsole.Auth;

/// <summary>What one person may do inside one company, and for whom they act there (for the audit).</summary>
public sealed record CompanyPermit(
    Actor Actor,
    int CompanyId,
    string CompanyName,
    int? ActingForPartnerId,
    string ActingFor,
    AccessRight Rights,
    string Country = "")
{
    /// <summary>The visit this permit was given in, if the person entered the company (its audit entries carry it).</summary>
    public VisitStamp? Visit { get; init; }

    public bool Can(AccessRight right) => (Rights & right) == right;
}
