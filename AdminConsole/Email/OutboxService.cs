using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Companies;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace AdminConsole.Email;

public sealed record OutboxRow(long Id, DateTime CreatedAt, string To, string Subject, string Body, OutboxStatus Status,
    int Attempts, DateTime NextAttemptAt, DateTime? SentAt, string? LastError);

/// <summary>The Outbox page: operators read queued and sent e-mail (on a laptop with no mail server, that is the mail).</summary>
public sealed class OutboxService(
    AccessPolicy policy,
    IDbContextFactory<AppDbContext> dbFactory,
    IOptionsMonitor<SmtpOptions> smtp,
    IStringLocalizer<SharedResource> L)
{
    public bool SmtpConfigured => smtp.CurrentValue.Configured;

    public async Task<PagedResult<OutboxRow>> ListAsync(int page, int pageSize, bool queuedOnly, CancellationToken ct = default)
    {
        await policy.DemandOperatorAsync(L["Only operators can read the outbox."], ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.OutboxMessages.AsNoTracking().Where(m => !queuedOnly || m.Status == OutboxStatus.Queued);
        var total = await query.CountAsync(ct);
        page = Paging.Clamp(page, total, pageSize);
        var rows = await query.OrderByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new OutboxRow(m.Id, m.CreatedAt, m.To, m.Subject, m.Body, m.Status, m.Attempts, m.NextAttemptAt,
                m.SentAt, m.LastError))
            .ToListAsync(ct);
        return new PagedResult<OutboxRow>(rows, total, page, pageSize);
    }
}
