using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminConsole.Email;

/// <summary>
/// Delivers queued e-mail: at start-up (so a restart loses nothing), when nudged, and every few seconds.
/// A failed attempt is retried with doubling delays; nothing is ever dropped. With no SMTP host configured
/// messages simply wait, and operators read them on the Outbox page.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptionsMonitor<SmtpOptions> options,
    EmailOutbox outbox,
    MailSender sender,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : RepeatingService(log)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override string Work => "Outbox delivery";
    protected override Task DoWorkAsync(CancellationToken ct) => DeliverDueAsync(ct);

    /// <summary>Until nudged by a new message, or the poll interval.</summary>
    protected override Task WaitAsync(CancellationToken ct) =>
        outbox.WaitAsync(TimeSpan.FromSeconds(options.CurrentValue.PollSeconds), ct);

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var smtp = options.CurrentValue;
        if (!smtp.Configured)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow();
        var due = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.Id).Take(50).ToListAsync(ct);

        // Claim each message with a lease, so a second node (or a second loop) does not send it too.
        var claimed = new List<OutboxMessage>();
        foreach (var m in due)
        {
            var until = now + Lease;
            var rows = await db.OutboxMessages
                .Where(x => x.Id == m.Id && x.Status == OutboxStatus.Queued && x.NextAttemptAt == m.NextAttemptAt)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextAttemptAt, until), ct);
            if (rows == 1)
            {
                m.NextAttemptAt = until;
                claimed.Add(m);
            }
        }
        if (claimed.Count == 0)
            return 0;

        var sent = 0;
        await sender.SendAsync(smtp, claimed.Select(m => (m.To, m.ToName, m.Subject, m.Body)).ToList(),
            async (i, error) =>
            {
                var m = claimed[i];
                m.Attempts++;
                if (error is null)
                {
                    m.Status = OutboxStatus.Sent;
                    m.SentAt = time.UtcNow();
                    m.LastError = null;
                    sent++;
                }
                else
                {
                    var delay = Math.Min(smtp.MaxRetrySeconds, smtp.RetrySeconds * Math.Pow(2, Math.Min(m.Attempts - 1, 20)));
                    m.NextAttemptAt = time.UtcNow().AddSeconds(delay);
                    m.LastError = error.Message;
                    log.MailNotDelivered(m.Id, m.To, m.Attempts, error);
                }
                await db.SaveChangesAsync(CancellationToken.None);
            }, ct);
        return sent;
    }
}
