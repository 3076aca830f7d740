using AdminConsole.Data;

namespace AdminConsole.PortalUsers;

/// <summary>
/// The one rule for the customer portal: a permission applies only when it is on company-wide
/// (<see cref="InternetOrderSettings"/>) and on the orderer. The console shows it, the portal enforces it.
/// </summary>
public static class PortalPermissions
{
    public static readonly PortalPermission[] Each =
    [
        PortalPermission.PlaceOrders, PortalPermission.SeePrices, PortalPermission.SeeOrderHistory,
        PortalPermission.SeeInvoices, PortalPermission.ChangeDeliveryAddress, PortalPermission.ChangeOwnPassword,
    ];

    public static PortalPermission Effective(PortalPermission companyWide, PortalPermission orderer) =>
        companyWide & orderer & PortalPermission.All;

    /// <summary>Why a permission is off for an orderer, or null when it applies.</summary>
    public static string? WhyOff(PortalPermission companyWide, PortalPermission orderer, PortalPermission permission) =>
        (companyWide.HasFlag(permission), orderer.HasFlag(permission)) switch
        {
            (true, true) => null,
            (false, true) => "Off company-wide",
            (true, false) => "Off for this orderer",
            _ => "Off here and company-wide",
        };

    public static string Name(PortalPermission permission) => permission switch
    {
        PortalPermission.PlaceOrders => "Place orders",
        PortalPermission.SeePrices => "See prices",
        PortalPermission.SeeOrderHistory => "See order history",
        PortalPermission.SeeInvoices => "See invoices",
        PortalPermission.ChangeDeliveryAddress => "Change delivery address",
        PortalPermission.ChangeOwnPassword => "Change own password",
        _ => permission.ToString(),
    };
}
