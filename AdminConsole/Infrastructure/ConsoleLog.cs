namespace AdminConsole.Infrastructure;

/// <summary>
/// Every log message of the console, in one place (source-generated, so a message costs nothing when its level is off).
/// No passwords, and mail recipients only masked.
/// </summary>
public static partial class ConsoleLog
{
    [LoggerMessage(1000, LogLevel.Information, "User {UserId} signed in")]
    public static partial void SignedIn(this ILogger log, string userId);

    [LoggerMessage(1001, LogLevel.Information, "User {UserId} signed out")]
    public static partial void SignedOut(this ILogger log, string userId);

    [LoggerMessage(1002, LogLevel.Information, "Sign-in refused: unknown account")]
    public static partial void SignInUnknown(this ILogger log);

    [LoggerMessage(1010, LogLevel.Information, "Portal login {LoginId} signed in to company {CompanyId}")]
    public static partial void PortalSignedIn(this ILogger log, int loginId, int companyId);

    [LoggerMessage(1011, LogLevel.Warning, "Portal login {LoginId} locked after failed sign-ins")]
    public static partial void PortalLockedOut(this ILogger log, int loginId);

    [LoggerMessage(1003, LogLevel.Warning, "Failed sign-in for user {UserId}")]
    public static partial void SignInFailed(this ILogger log, string userId);

    [LoggerMessage(1004, LogLevel.Warning, "User {UserId} locked out after failed sign-ins")]
    public static partial void LockedOut(this ILogger log, string userId);

    [LoggerMessage(1005, LogLevel.Warning, "Sign-in refused: user {UserId} is locked out")]
    public static partial void SignInWhileLocked(this ILogger log, string userId);

    [LoggerMessage(1006, LogLevel.Information, "User {UserId} gave the right password; the second step is next")]
    public static partial void PasswordAccepted(this ILogger log, string userId);

    [LoggerMessage(1007, LogLevel.Information, "User {UserId} must set up two-step sign-in before anything else")]
    public static partial void MustEnrol(this ILogger log, string userId);

    [LoggerMessage(1008, LogLevel.Warning, "Second step refused for user {UserId}")]
    public static partial void SecondStepFailed(this ILogger log, string userId);

    [LoggerMessage(1009, LogLevel.Information, "Two-step sign-in of user {UserId} changed: {Change}")]
    public static partial void TwoStepChanged(this ILogger log, string userId, string change);

    [LoggerMessage(2000, LogLevel.Information, "Applying migrations to {Database}…")]
    public static partial void ApplyingMigrations(this ILogger log, string database);

    [LoggerMessage(2005, LogLevel.Information, "Backed up the database before applying migrations: {File}")]
    public static partial void BackedUpBeforeMigrations(this ILogger log, string file);

    [LoggerMessage(2001, LogLevel.Information, "Migrations applied to {Database}")]
    public static partial void MigrationsApplied(this ILogger log, string database);

    [LoggerMessage(2002, LogLevel.Warning, "Another AdminConsole is applying migrations to {File}; waiting for it…")]
    public static partial void WaitingForMigrations(this ILogger log, string file);

    [LoggerMessage(2003, LogLevel.Warning, "Cleared a migration lock in {File} left by a start that did not finish")]
    public static partial void ClearedStaleMigrationLock(this ILogger log, string file);

    [LoggerMessage(2004, LogLevel.Error, "The database could not write: {Reason}")]
    public static partial void DatabaseWriteFailed(this ILogger log, string reason);

    [LoggerMessage(3000, LogLevel.Information, "Disconnected {Count} live connection(s) whose person lost access")]
    public static partial void LiveConnectionsDropped(this ILogger log, int count);

    [LoggerMessage(3001, LogLevel.Warning, "A live-update subscriber failed")]
    public static partial void SubscriberFailed(this ILogger log, Exception error);

    [LoggerMessage(3002, LogLevel.Warning, "Could not send a change to hub clients")]
    public static partial void HubSendFailed(this ILogger log, Exception error);

    [LoggerMessage(3003, LogLevel.Warning, "Redis is unreachable; a change reached only this node's consoles: {Error}")]
    public static partial void RedisPublishFailed(this ILogger log, string error);

    [LoggerMessage(3004, LogLevel.Warning, "Redis connection lost ({Failure}); live updates stay on this node")]
    public static partial void RedisLost(this ILogger log, string failure);

    [LoggerMessage(3005, LogLevel.Information, "Redis connection restored; live updates cross nodes again")]
    public static partial void RedisRestored(this ILogger log);

    [LoggerMessage(4000, LogLevel.Warning, "E-mail {Id} to {To} not delivered (attempt {Attempts}): {Error}")]
    private static partial void MailNotDelivered(this ILogger log, long id, string to, int attempts, string error);

    /// <summary>A failed delivery, with the recipient masked (j***@example.com).</summary>
    public static void MailNotDelivered(this ILogger log, long id, string to, int attempts, Exception error) =>
        log.MailNotDelivered(id, Mask(to), attempts, error.Message);

    [LoggerMessage(5000, LogLevel.Error, "{Work} failed; will try again")]
    public static partial void BackgroundWorkFailed(this ILogger log, Exception error, string work);

    [LoggerMessage(5001, LogLevel.Error, "Unhandled error in the console")]
    public static partial void UnhandledError(this ILogger log, Exception error);

    public static string Mask(string email)
    {
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }
}
