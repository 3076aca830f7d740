namespace AdminConsole.Data;

/// <summary>What an orderer may do in a company's customer portal. A permission applies only when it is on both in the
/// company's <see cref="InternetOrderSettings"/> and on the orderer (its exceptions).</summary>
[Flags]
public enum PortalPermission
{
    None = 0,
    PlaceOrders = 1,
    SeePrices = 2,
    SeeOrderHistory = 4,
    SeeInvoices = 8,
    ChangeDeliveryAddress = 16,
    ChangeOwnPassword = 32,
    All = PlaceOrders | SeePrices | SeeOrderHistory | SeeInvoices | ChangeDeliveryAddress | ChangeOwnPassword,
}

/// <summary>A company's portal permissions for all its customers ("Internet-ordreindstillinger").</summary>
public class InternetOrderSettings : IVersioned
{
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public PortalPermission Permissions { get; set; } = PortalPermission.All;
    public long Version { get; set; }
}

/// <summary>A customer in a company's own register: whom its portal's orderers order for.</summary>
public class Customer : IVersioned
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public string CustomerNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string DeliveryAddress { get; set; } = "";
    public List<Orderer> Orderers { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>A customer's contact person ("Bestiller"). With an e-mail it shares that e-mail's <see cref="PortalLogin"/>
/// with the company's other contacts of the same e-mail.</summary>
public class Orderer : IVersioned
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public int PortalLoginId { get; set; }
    public PortalLogin PortalLogin { get; set; } = null!;
    /// <summary>"Internet bruger": may sign in to the portal for this customer.</summary>
    public bool IsInternetUser { get; set; }
    /// <summary>The orderer's own check boxes; only those also on company-wide apply.</summary>
    public PortalPermission Permissions { get; set; } = PortalPermission.All;
    public long Version { get; set; }
}

/// <summary>
/// One portal sign-in per e-mail in a company, shared by all its contacts with that e-mail: one password for all. It can
/// sign in while at least one of them is an Internet user; it is never deleted, so its history stays.
/// </summary>
public class PortalLogin : IVersioned
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public string Email { get; set; } = "";
    /// <summary>The e-mail as <c>SignInNames</c> compares it; unique in the company.</summary>
    public string NormalizedEmail { get; set; } = "";
    /// <summary>Identity's password hash; null until a password is set. Never shown.</summary>
    public string? PasswordHash { get; set; }
    public DateTime? PasswordSetAt { get; set; }
    /// <summary>Changes with the password, so sessions signed in with the old one end.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public int AccessFailedCount { get; set; }
    public DateTime? LockoutEnd { get; set; }
    /// <summary>The orderer's chosen language for the portal and its e-mails; null follows the company's country.</summary>
    public string? Language { get; set; }
    public List<Orderer> Orderers { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>A single-use set-password link for a portal login: only the SHA-256 of the token is stored.</summary>
public class PortalPasswordToken
{
    public int Id { get; set; }
    public int PortalLoginId { get; set; }
    public PortalLogin PortalLogin { get; set; } = null!;
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>An order an orderer placed in the portal for a customer: free-text lines with a quantity.</summary>
public class PortalOrder
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public int PortalLoginId { get; set; }
    public string PlacedByName { get; set; } = "";
    public DateTime PlacedAt { get; set; }
    public List<PortalOrderLine> Lines { get; set; } = [];
}

public class PortalOrderLine
{
    public int Id { get; set; }
    public int PortalOrderId { get; set; }
    public string Text { get; set; } = "";
    public int Quantity { get; set; }
}

/// <summary>A company's price list shown on the portal's order form (when prices may be seen).</summary>
public class PriceListItem
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public string Name { get; set; } = "";
    public decimal UnitPrice { get; set; }
}

/// <summary>An invoice to a customer, as the portal lists it (demo data: the company's accounts are elsewhere).</summary>
public class CustomerInvoice
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public string Number { get; set; } = "";
    public DateOnly IssuedOn { get; set; }
    public decimal Amount { get; set; }
}
