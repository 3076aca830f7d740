using AdminConsole.Data;

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

    /// <summary>Call after the save: the dispatcher tries at once instead of at its next poll.</summary>
    public void Nudge()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
