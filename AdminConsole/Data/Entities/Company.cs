using AdminConsole.Infrastructure;

namespace AdminConsole.Data;

/// <summary>A client company ("virksomhed", "aftale", "selskap"), owned by its reseller of record.</summary>
public class Company : IVersioned
{
    public int Id { get; set; }

    /// <summary>The owning partner (reseller of record).</summary>
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;

    /// <summary>
    /// What the owning partner may do here: every right, unless the company joined through a client invitation
    /// and granted fewer.
    /// </summary>
    public AccessRight OwnerRights { get; set; } = AccessRight.All;

    public string Name { get; set; } = "";

    /// <summary>The name as searched, and sorted in English and German (<see cref="NameKeys.Folded"/>); set on save.</summary>
    public string NameKey { get; set; } = "";

    /// <summary>The name as sorted in Danish and Norwegian (<see cref="NameKeys.Nordic"/>); set on save.</summary>
    public string NordicNameKey { get; set; } = "";

    public string OrganisationNumber { get; set; } = "";

    /// <summary>Whether the company's own users get a weekly e-mail of who entered the company (off by default).</summary>
    public bool AccessDigest { get; set; }
    public string AgreementNumber { get; set; } = "";

    /// <summary>ISO 3166 alpha-2 country code (DK, NO, DE, …).</summary>
    public string Country { get; set; } = "DK";

    public int? CustomerAgreementId { get; set; }
    public CustomerAgreement? CustomerAgreement { get; set; }

    /// <summary>Transactions this month; the basis of transaction billing.</summary>
    public int MonthlyTransactions { get; set; }

    public DateTime CreatedAt { get; set; }

    public Subscription Subscription { get; set; } = null!;

    /// <summary>
    /// Copies of the subscription's plan and agreement type, kept by a database trigger (the SortColumns migration) so
    /// the company list sorts by them on an index. Read the subscription for the values themselves.
    /// </summary>
    public Plan SortPlan { get; private set; }

    /// <inheritdoc cref="SortPlan"/>
    public AgreementType SortAgreementType { get; private set; }

    public List<AdministratorAccess> AdministratorAccesses { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>A company's plan and agreement type. Shares the company's key (one per company).</summary>
public class Subscription : IVersioned
{
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public Plan Plan { get; set; }
    public AgreementType AgreementType { get; set; }

    public string? SuperuserName { get; set; }
    /// <summary>The superuser's login name ("superuser ID").</summary>
    public string? SuperuserLogin { get; set; }
    public string? SuperuserEmail { get; set; }
    public long Version { get; set; }
}

/// <summary>A partner's billing group of companies ("kundeavtale").</summary>
public class CustomerAgreement : IVersioned
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;
    public string Name { get; set; } = "";

    /// <summary>The accounts-receivable number used to re-invoice license and transaction costs.</summary>
    public string CustomerNumber { get; set; } = "";
    public List<Company> Companies { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>A partner enrolled as administrator of a company, with the rights the company granted.</summary>
public class AdministratorAccess : IVersioned
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;
    public AccessRight Rights { get; set; }

    public string GrantedByUserId { get; set; } = "";
    public string GrantedByName { get; set; } = "";
    public DateTime GrantedAt { get; set; }
    /// <summary>Optional end date chosen when granting; past it the access counts as ended.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }
    public string? EndedByName { get; set; }
    public AccessEndReason? EndReason { get; set; }
    public long Version { get; set; }
}

/// <summary>Who (the real person, and for whom they acted), what, which company, when, before and after.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string ActorUserId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public int? ActingForPartnerId { get; set; }
    /// <summary>"Nordtal Revision" or "Operator" or the company itself for a company user.</summary>
    public string ActingFor { get; set; } = "";
    public int? CompanyId { get; set; }

    /// <summary>The company's reseller of record when this was done (set by the database from <see cref="CompanyId"/>).</summary>
    public int? OwnerPartnerId { get; set; }

    public string Action { get; set; } = "";

    /// <summary>The visit (one entry into a client) this was done in, and the reason given on entering.</summary>
    public string? VisitId { get; set; }
    public string? Reason { get; set; }
    public string? Ticket { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>
/// A notice that was sent once (an access reminder, a weekly digest), by its key. The unique key makes two nodes, or a
/// restart, unable to send the same notice twice: the second insert fails and its e-mails roll back with it.
/// </summary>
public class SentNotice
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public DateTime SentAt { get; set; }
}
