using AdminConsole.Administrators;
using AdminConsole.CompanyUsers;
using AdminConsole.Subscriptions;

namespace AdminConsole.Companies.Settings;

/// <summary>A section of "All settings": its URL segment, menu group and title, and component.</summary>
public sealed record SettingsSection(string Key, string Group, string Title, Type Component);

/// <summary>
/// The sections that exist. A workflow adds its own here; the URL /companies/{id}/settings/{key}
/// leads to the component named in the same line.
/// </summary>
public static class SettingsSections
{
    public static readonly IReadOnlyList<SettingsSection> All =
    [
        new("subscription", "Subscription", "Subscription status", typeof(SubscriptionSection)),
        new("company", "Company", "Company details", typeof(CompanyFacts)),
        new("administrators", "Company", "Administrators", typeof(AdministratorsSection)),
        new("users", "Company", "Users", typeof(CompanyUsersSection)),
        new("partner-access", "Company", "Partner access", typeof(AdminConsole.Clients.PartnerAccessSection)),
        new("access-log", "Company", "Access log", typeof(AdminConsole.Audit.AccessLogSection)),
        new("internet-orders", "Customer portal", "Internet order settings", typeof(AdminConsole.PortalUsers.InternetOrderSettingsSection)),
        new("customers", "Customer portal", "Customers", typeof(AdminConsole.PortalUsers.CustomersSection)),
    ];

    public static SettingsSection? Find(string? key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key ?? All[0].Key, StringComparison.OrdinalIgnoreCase));
}
