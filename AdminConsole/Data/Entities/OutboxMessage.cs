namespace AdminConsole.Data;

public enum OutboxStatus
{
    /// <summary>Waiting for its (next) delivery attempt.</summary>
    Queued = 0,
    Sent = 1,
}

/// <summary>
/// An e-mail saved in the same transaction as the change that caused it, and delivered afterwards by
/// the outbox dispatcher with retries: a failing or absent SMTP server delays it, never loses it.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public DateTime CreatedAt { get; set; }
    public string To { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>Plain text; links stand on their own lines.</summary>
    public string Body { get; set; } = "";
    public int? CompanyId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A single-use link (activation, invitation). Only the SHA-256 of the token is stored.</summary>
public class OneTimeToken
{
    public long Id { get; set; }
    public string Purpose { get; set; } = "";
    public string UserId { get; set; } = "";
    public AppUser User { get; set; } = null!;
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    /// <summary>Set when a newer link replaced this one.</summary>
    public DateTime? RevokedAt { get; set; }
}
