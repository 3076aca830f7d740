using Microsoft.Extensions.Localization;

namespace AdminConsole.Auth;

/// <summary>Why someone entered a client: free text and, optionally, the support ticket it belongs to.</summary>
public sealed record EntryReason(string Text, string? Ticket)
{
    /// <summary>"Payroll question (ticket 4711)": how the banner, the access log and Activity show it.</summary>
    public string Describe(IStringLocalizer L) => Ticket is null ? Text : L["{0} (ticket {1})", Text, Ticket];

    public static EntryReason? Of(string? text, string? ticket) => text is null ? null : new EntryReason(text, ticket);
}

/// <summary>One visit to a client: every audit entry made during it carries its id and reason.</summary>
public sealed record VisitStamp(string Id, EntryReason? Reason);

/// <summary>
/// The client this console (circuit) has entered, and why. Started by <c>CompanyService.EnterAsync</c>, ended by
/// Exit; <see cref="AccessPolicy.DemandAsync"/> stamps every permit inside that company with it.
/// </summary>
public sealed class Visit
{
    private (int CompanyId, VisitStamp Stamp)? _current;

    public void Start(int companyId, EntryReason? reason) =>
        _current = (companyId, new VisitStamp(Guid.NewGuid().ToString("N"), reason));

    public void End() => _current = null;

    public VisitStamp? In(int companyId) => _current is { } c && c.CompanyId == companyId ? c.Stamp : null;
}
