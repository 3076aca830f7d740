namespace AdminConsole.Data;

public enum ClientInvitationStatus
{
    /// <summary>Sent, not yet decided; counts as Expired once <see cref="ClientInvitation.ExpiresAt"/> has passed.</summary>
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    Revoked = 3,
}

/// <summary>How the client pays for its subscription: billed through the partner, or by itself (invoice or card).</summary>
public enum PaymentMethod
{
    PartnerPays = 0,
    ClientPays = 1,
}

/// <summary>
/// A partner's request to a prospective client, sent by e-mail: the rights it asks for. The client opens the
/// single-use link, grants its own choice of rights, chooses how it pays, and accepts or declines.
/// </summary>
public class ClientInvitation : IVersioned
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;

    public string CompanyName { get; set; } = "";
    public string OrganisationNumber { get; set; } = "";
    public string Country { get; set; } = "DK";
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string? Message { get; set; }

    public AccessRight RequestedRights { get; set; }
    /// <summary>What the client granted on accepting; null until then.</summary>
    public AccessRight? GrantedRights { get; set; }
    public PaymentMethod? PaymentMethod { get; set; }

    public ClientInvitationStatus Status { get; set; }
    /// <summary>SHA-256 of the link's token; the token itself is only in the e-mail. Null once used or revoked.</summary>
    public string? TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public string InvitedByUserId { get; set; } = "";
    public string InvitedByName { get; set; } = "";
    public DateTime? DecidedAt { get; set; }

    /// <summary>The company it led to (created, or already in the console and now administered by the partner).</summary>
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public long Version { get; set; }
}
