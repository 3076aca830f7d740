namespace AdminConsole.Data;

/// <summary>
/// A person with access to a company's own system (a license user), invited by e-mail. Identified by e-mail
/// across companies, so one person in several companies of one customer agreement is charged once there.
/// </summary>
public class CompanyUser : IVersioned
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>Lower-cased e-mail: the person's identity for the license count.</summary>
    public string NormalizedEmail { get; set; } = "";
    public DateTime InvitedAt { get; set; }
    public string InvitedByName { get; set; } = "";
    /// <summary>Null while the invitation is pending; only accepted users hold a license.</summary>
    public DateTime? AcceptedAt { get; set; }
    public string? InvitationHash { get; set; }
    public DateTime? InvitationExpiresAt { get; set; }
    public long Version { get; set; }
}
