namespace AdminConsole.Data;

/// <summary>A person's role in its partner organisation. Order matters: higher is more.</summary>
public enum PartnerRole
{
    PartnerEmployee = 0,
    PartnerAdmin = 1,
    LegalRepresentative = 2,
}

public enum AgreementType
{
    /// <summary>Run by the partner; the customer cannot log in.</summary>
    Internal = 0,
    /// <summary>The customer has its own access through a superuser.</summary>
    External = 1,
}

/// <summary>The fixed plan catalogue.</summary>
public enum Plan
{
    Small = 0,
    Standard = 1,
    Plus = 2,
}

/// <summary>Rights a company grants a partner. Partner staff may do: role cap ∩ rights granted.</summary>
[Flags]
public enum AccessRight
{
    None = 0,
    ViewCompany = 1,
    ManageSubscription = 2,
    ManageAdministrators = 4,
    ManageUsers = 8,
    ManageBilling = 16,
    ExportData = 32,
    All = ViewCompany | ManageSubscription | ManageAdministrators | ManageUsers | ManageBilling | ExportData,
}

public enum AccessEndReason
{
    Revoked = 0,
    Expired = 1,
}
