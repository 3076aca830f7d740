using AdminConsole.Data;
using AdminConsole.Infrastructure;
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

    /// <summary>
    /// Mail to a partner's legal representatives (or, if it has none, its partner admins), each written in their own
    /// language: <paramref name="compose"/> runs once per person, in that person's culture.
    /// </summary>
    public static async Task EnqueueForPartnerLeadersAsync(AppDbContext db, int partnerId, DateTime now, int? companyId,
        Func<(string Subject, string Body)> compose, CancellationToken ct)
    {
        var people = await db.PartnerMembers.Where(m => m.PartnerId == partnerId && m.Role >= PartnerRole.PartnerAdmin)
            .Select(m => new { m.Role, m.User.Email, m.User.DisplayName, m.User.Language }).ToListAsync(ct);
        var top = people.Count == 0 ? [] : people.Where(p => p.Role == people.Max(x => x.Role));
        foreach (var person in top.Where(p => p.Email is not null))
        {
            using var _ = Languages.Speak(Languages.ForRecipient(person.Language, null));
            var (subject, body) = compose();
            Enqueue(db, now, person.Email!, person.DisplayName, subject, body, companyId);
        }
    }

    /// <summary>Call after the save: the dispatcher tries at once instead of at its next poll.</summary>
    public void Nudge()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
