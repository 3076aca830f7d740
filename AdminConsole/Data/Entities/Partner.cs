using AdminConsole.Infrastructure;

namespace AdminConsole.Data;

/// <summary>A reseller, accounting firm or integrator whose staff administer client companies.</summary>
public class Partner : IVersioned
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The public name under which the partner is found in the administrator directory ("Rackbeat Admin").</summary>
    public string AdministratorName { get; set; } = "";

    /// <summary>The currency the partner bills its clients in (ISO 4217: DKK, NOK or EUR); its price list is in it.</summary>
    public string Currency { get; set; } = Money.Default;

    /// <summary>Whether its staff give a reason (and optionally a ticket) each time they enter a client.</summary>
    public bool AskReasonToEnter { get; set; }

    /// <summary>Whether every staff member must sign in with a second step (authenticator app or passkey). New partners
    /// start with it on; partners that existed before the setting start with it off until a legal representative turns it on.</summary>
    public bool RequireTwoStep { get; set; } = true;

    public List<PartnerMember> Members { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>A partner employee assigned to a client: employees see and enter only the clients assigned to them.</summary>
public class ClientAssignment
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public string UserId { get; set; } = "";
    public AppUser User { get; set; } = null!;
    public DateTime AssignedAt { get; set; }
    public string AssignedByName { get; set; } = "";
}

public class PartnerMember
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;
    public string UserId { get; set; } = "";
    public AppUser User { get; set; } = null!;
    public PartnerRole Role { get; set; }
}
