using System.Text.Json;
using AdminConsole.Auth;
using AdminConsole.Data;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Audit;

/// <summary>
/// Adds an audit entry to the caller's context, so it commits in the same transaction as the change it describes.
/// </summary>
public static class AuditLog
{
    /// <summary>How before and after are stored: enums by name, so an entry reads the same after an enum grows.
    /// Reading accepts numbers too (entries written before).</summary>
    public static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public const string Operator = "Operator", System = "System", AccessEndDate = "Access end date", CustomerPortal = "Customer portal";

    /// <summary>
    /// The names an entry stores for who acted (or for whom) when that is not a person, partner or company: kept in
    /// English in the database, so they read in each reader's own language (<see cref="Shown"/>).
    /// </summary>
    private static readonly string[] FixedNames = [Operator, System, AccessEndDate, CustomerPortal];

    private const string OperatorForPrefix = "Operator for ";

    /// <summary>An operator inside a company acts for its reseller: stored as "Operator for {partner}".</summary>
    public static string OperatorFor(string partnerName) => OperatorForPrefix + partnerName;

    /// <summary>Whether an entry was made by an operator (support staff), who is always listed in a company's access log.</summary>
    public static bool ByOperator(string actingFor) =>
        actingFor == Operator || actingFor.StartsWith(OperatorForPrefix, StringComparison.Ordinal);

    public static string Shown(string stored, IStringLocalizer L) =>
        FixedNames.Contains(stored) ? L[stored]
        : stored.StartsWith(OperatorForPrefix, StringComparison.Ordinal) ? L["Operator for {0}", stored[OperatorForPrefix.Length..]]
        : stored;

    /// <summary>Something done inside a company: acting for the partner (or company) the permit names.</summary>
    public static void Record(AppDbContext db, CompanyPermit permit, string action, DateTime at,
        object? before = null, object? after = null) =>
        Add(db, permit.Actor, permit.ActingForPartnerId, permit.ActingFor, permit.CompanyId, action, at, before, after,
            permit.Visit);

    /// <summary>Something done at partner level (agreements, invitations), acting for the person's own partner.</summary>
    public static void Record(AppDbContext db, Actor actor, string action, DateTime at, int? companyId = null,
        object? before = null, object? after = null) =>
        Add(db, actor, actor.PartnerId, actor.ActingFor, companyId, action, at, before, after);

    /// <summary>Something done through an e-mailed link by someone without a console account (a client, an invited user).</summary>
    public static void RecordByLink(AppDbContext db, string personName, string actingFor, int? companyId, string action,
        DateTime at, object? before = null, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at, ActorUserId = "link", ActorName = personName, ActingFor = actingFor, CompanyId = companyId,
            Action = action, Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });

    private static void Add(AppDbContext db, Actor actor, int? partnerId, string actingFor, int? companyId,
        string action, DateTime at, object? before, object? after, VisitStamp? visit = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            ActorUserId = actor.UserId,
            ActorName = actor.DisplayName,
            ActingForPartnerId = partnerId,
            ActingFor = actingFor,
            CompanyId = companyId,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            VisitId = visit?.Id,
            Reason = visit?.Reason?.Text,
            Ticket = visit?.Reason?.Ticket,
        });
}
