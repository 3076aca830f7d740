using System.Globalization;
using System.Text.Json;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Audit;

/// <summary>The Activity page's filters, as they stand in its URL.</summary>
public sealed record ActivityQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Person = null,
    int? CompanyId = null,
    string? Kind = null,
    string? Text = null,
    long? Before = null)
{
    public const int PageSize = 50;

    /// <summary>The kinds of action a person can filter by: the first part of the stored action key.</summary>
    public static readonly string[] Kinds = ["company", "subscription", "administrator", "user", "agreement", "client", "team", "portal", "login"];

    public static ActivityQuery FromUrl(string? from, string? to, string? person, string? company, string? kind, string? text,
        string? before) => new(
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null,
        TextRules.SearchTerm(person),
        int.TryParse(company, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
        Kinds.Contains(kind) ? kind : null,
        TextRules.SearchTerm(text),
        long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null);

    public string ToUrl(string path)
    {
        var args = new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["person"] = Person, ["company"] = CompanyId?.ToString(CultureInfo.InvariantCulture), ["kind"] = Kind, ["q"] = Text,
            ["before"] = Before?.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(path, args.Where(a => a.Value is not null)!);
    }
}

/// <summary>One audit entry as the Activity page shows it.</summary>
public sealed record ActivityRow(long Id, DateTime At, string Person, string ActingFor, int? CompanyId, string? CompanyName,
    string Action, IReadOnlyList<FieldChange> Changes, string? Reason = null);

public sealed record FieldChange(string Field, string? Before, string? After);

public sealed record ActivityResult(IReadOnlyList<ActivityRow> Items, long? OlderThan);

/// <summary>
/// The Activity page: who did what to which company, for whom, when, and what changed, newest first and paged by key
/// (the id), so the millionth entry costs what the first does. What a person may see is <see cref="VisibleTo"/>.
/// </summary>
public sealed class ActivityService(
    ICurrentActor current,
    IDbContextFactory<AppDbContext> dbFactory,
    IStringLocalizer<SharedResource> L)
{
    public async Task<ActivityResult> ListAsync(ActivityQuery query, CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Filtered(db, actor, query, await IdRangeAsync(db, query, ct), ActivityQuery.PageSize + 1).ToListAsync(ct);
        var more = rows.Count > ActivityQuery.PageSize;
        var items = rows.Take(ActivityQuery.PageSize).Select(Row).ToList();
        return new ActivityResult(items, more ? items[^1].Id : null);
    }

    /// <summary>Every entry the filters match (not only one page), streamed from the database, for the CSV.</summary>
    public async IAsyncEnumerable<ActivityRow> ExportAsync(ActivityQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var actor = await current.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var range = await IdRangeAsync(db, query, ct);
        await foreach (var entry in Filtered(db, actor, query with { Before = null }, range, null).AsAsyncEnumerable().WithCancellation(ct))
            yield return Row(entry);
    }

    /// <summary>
    /// The one rule of who sees which entries: operators all; a company user what was done in their company; a partner's
    /// legal representatives and admins what their people did, and what anyone did in the partner's own clients (the
    /// company's reseller of record when it was done, <see cref="AuditEntry.OwnerPartnerId"/>); a partner employee what
    /// they did themselves. As arms, each served by an index in id order: a partner's two arms are read newest first
    /// separately and merged, never one OR that the database would have to sort.
    /// </summary>
    public static IReadOnlyList<IQueryable<AuditEntry>> VisibleTo(AppDbContext db, Actor actor)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (actor.IsOperator)
            return [entries];
        if (actor.OwnCompanyId is int own)
            return [entries.Where(a => a.CompanyId == own)];
        if (actor.PartnerId is not int partner)
            return [entries.Where(_ => false)];
        if (actor.Role < PartnerRole.PartnerAdmin)
            return [entries.Where(a => a.ActorUserId == actor.UserId)];
        return [entries.Where(a => a.ActingForPartnerId == partner), entries.Where(a => a.OwnerPartnerId == partner)];
    }

    /// <summary>The visible entries the filters match, newest first; <paramref name="take"/> of them, or all (the CSV).</summary>
    private static IQueryable<EntryWithCompany> Filtered(AppDbContext db, Actor actor, ActivityQuery q, (long Low, long High) ids,
        int? take)
    {
        IQueryable<AuditEntry>? merged = null;
        foreach (var arm in VisibleTo(db, actor))
        {
            var dated = q.From is null && q.To is null ? Filter(arm, q) : Filter(arm, q).Where(a => a.Id >= ids.Low && a.Id <= ids.High);
            var filtered = dated.OrderByDescending(a => a.Id);
            var limited = take is int n ? filtered.Take(n) : filtered;
            merged = merged is null ? limited : merged.Union(limited);
        }
        var page = merged!.OrderByDescending(a => a.Id);
        return (take is int t ? page.Take(t) : page).Select(a => new EntryWithCompany(a, db.Companies
            .Where(c => c.Id == a.CompanyId).Select(c => c.Name).FirstOrDefault()));
    }

    /// <summary>
    /// A date range as an id range as well: entries are written as they happen, so ids grow with time, and every arm's
    /// (…, Id) index serves an id range where it could not serve a date range. A minute's margin each side covers
    /// transactions that committed out of order; the date condition itself stays exact.
    /// </summary>
    private static async Task<(long Low, long High)> IdRangeAsync(AppDbContext db, ActivityQuery q, CancellationToken ct)
    {
        var (low, high) = (0L, long.MaxValue);
        if (q.From is DateOnly from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMinutes(-1);
            low = await db.AuditEntries.Where(a => a.At >= start).OrderBy(a => a.At).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct)
                  ?? long.MaxValue;
        }
        if (q.To is DateOnly to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMinutes(1);
            high = await db.AuditEntries.Where(a => a.At < end).OrderByDescending(a => a.At).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct)
                   ?? 0;
        }
        return (low, high);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, ActivityQuery q)
    {
        // Text no one can type (a lone surrogate PostgreSQL cannot even encode) is dropped before it reaches SQL.
        q = q with { Person = TextRules.SearchTerm(q.Person), Kind = TextRules.SearchTerm(q.Kind), Text = TextRules.SearchTerm(q.Text) };
        if (q.Before is long before)
            entries = entries.Where(a => a.Id < before);
        if (q.From is DateOnly from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.At >= start);
        }
        if (q.To is DateOnly to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.At < end);
        }
        if (q.CompanyId is int companyId)
            entries = entries.Where(a => a.CompanyId == companyId);
        if (q.Kind is { } kind)
            entries = entries.Where(a => a.Action.StartsWith(kind + "."));
        if (q.Person is { } person)
        {
            var lower = person.ToLowerInvariant();
            entries = entries.Where(a => a.ActorName.ToLower().Contains(lower));
        }
        if (q.Text is { } text)
        {
            var lower = text.ToLowerInvariant();
            entries = entries.Where(a => a.ActingFor.ToLower().Contains(lower) || a.Action.Contains(lower) ||
                                         (a.After ?? "").ToLower().Contains(lower) || (a.Before ?? "").ToLower().Contains(lower));
        }
        return entries;
    }

    private sealed record EntryWithCompany(AuditEntry Entry, string? CompanyName);

    private ActivityRow Row(EntryWithCompany e) => RowOf(e.Entry, e.CompanyName);

    /// <summary>An entry as a reader sees it: names and action in their language, the change as before → after.</summary>
    public ActivityRow RowOf(AuditEntry entry, string? companyName) => new(entry.Id, entry.At, AuditLog.Shown(entry.ActorName, L),
        AuditLog.Shown(entry.ActingFor, L), entry.CompanyId, companyName, Describe(entry.Action), Diff(entry.Before, entry.After),
        EntryReason.Of(entry.Reason, entry.Ticket)?.Describe(L));

    /// <summary>What an action key means, in the reader's language; a key without a text shows as itself.</summary>
    public string Describe(string action)
    {
        var key = "audit." + action;   // the texts are listed in scripts/update-strings.py (AUDIT)
        var text = L[key];
        return text.ResourceNotFound ? action : text;
    }

    /// <summary>The fields whose value differs between before and after (JSON objects as the audit stores them).</summary>
    public static IReadOnlyList<FieldChange> Diff(string? before, string? after)
    {
        var b = Fields(before);
        var a = Fields(after);
        return b.Keys.Union(a.Keys)
            .Where(k => b.GetValueOrDefault(k) != a.GetValueOrDefault(k))
            .Select(k => new FieldChange(k, b.GetValueOrDefault(k), a.GetValueOrDefault(k)))
            .ToList();
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                    p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ToString())
                : new Dictionary<string, string?> { ["Value"] = doc.RootElement.ToString() };
        }
        catch (JsonException)
        {
            return new Dictionary<string, string?> { ["Value"] = json };
        }
    }
}
