using System.Text.Json;
using AdminConsole.Auth;
using AdminConsole.Data;

namespace AdminConsole.Audit;

/// <summary>
/// Adds an audit entry to the caller's context, so it commits in the same transaction as the change it describes.
/// </summary>
public static class AuditLog
{
    /// <summary>How before and after are stored: enums by name, so an entry reads the same after an enum grows.
    /// Reading accepts numbers too (entries written before).</summary>
    public static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Something done inside a company: acting for the partner (or company) the permit names.</summary>
    public static void Record(AppDbContext db, CompanyPermit permit, string action, DateTime at,
        object? before = null, object? after = null) =>
        Add(db, permit.Actor, permit.ActingForPartnerId, permit.ActingFor, permit.CompanyId, action, at, before, after);

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
        string action, DateTime at, object? before, object? after) =>
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
        });
}
