using AdminConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Email;

/// <summary>Puts e-mail in the outbox of the caller's context, so it commits (or not) with the change.</summary>
public sealed class EmailOutbox
{
    private readonly SemaphoreSlim _signal = new(0);

    public static void Enqueue(AppDbContext db, DateTime now, string to, string toName, string subject, string body,
        int? companyId = null) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            CreatedAt = now, NextAttemptAt = now, To = to, ToName = toName, Subject = subject, Body = body,
            CompanyId = companyId, Status = OutboxStatus.Queued,
        });

    /// <summary>Mail to a partner's legal representatives (or, if it has none, its partner admins).</summary>
    public static async Task EnqueueForPartnerLeadersAsync(AppDbContext db, int partnerId, DateTime now, int? companyId,
        string subject, string body, CancellationToken ct)
    {
        var people = await db.PartnerMembers.Where(m => m.PartnerId == partnerId && m.Role >= PartnerRole.PartnerAdmin)
            .Select(m => new { m.Role, m.User.Email, m.User.DisplayName }).ToListAsync(ct);
        var top = people.Count == 0 ? [] : people.Where(p => p.Role == people.Max(x => x.Role));
        foreach (var person in top.Where(p => p.Email is not null))
            Enqueue(db, now, person.Email!, person.DisplayName, subject, body, companyId);
    }

    /// <summary>Call after the save: the dispatcher tries at once instead of at its next poll.</summary>
    public void Nudge()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
