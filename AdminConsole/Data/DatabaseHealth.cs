using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminConsole.Data;

/// <summary>Whether the last save failed because the database could not write, and why.</summary>
public sealed class DatabaseWriteState
{
    public sealed record Failure(DateTime At, string Reason, bool DiskFull);

    private Failure? _failure;

    public Failure? LastFailure => Volatile.Read(ref _failure);
    public void Failed(Failure failure) => Volatile.Write(ref _failure, failure);
    public void Succeeded() => Volatile.Write(ref _failure, null);
}

/// <summary>Joins every context (interceptors come from DI) and records each save's outcome, logging failed writes.</summary>
public sealed class DatabaseWriteWatcher(DatabaseWriteState state, ILogger<DatabaseWriteWatcher> log) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        state.Succeeded();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        state.Succeeded();
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Record(eventData.Exception);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Record(Exception e)
    {
        if (Saving.Reason(e) is not { } reason)
            return;
        log.DatabaseWriteFailed(reason);
        var full = e is SqliteException { SqliteErrorCode: 13 } || e.InnerException is SqliteException { SqliteErrorCode: 13 };
        state.Failed(new DatabaseWriteState.Failure(DateTime.UtcNow, reason, full));
    }
}

/// <summary>
/// Part of /health/ready: Unhealthy while writes fail. After a failure it probes before answering: SQLite takes and
/// releases the write lock (and, after "disk full", wants free space on the file's disk); PostgreSQL answers a query.
/// A passing probe or any successful save clears the failure.
/// </summary>
public sealed class DatabaseWriteCheck(DatabaseWriteState state, IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
{
    private const long MinimumFreeBytes = 16 * 1024 * 1024;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (state.LastFailure is not { } failure)
            return HealthCheckResult.Healthy("writes succeed");
        try
        {
            if (await ProbeAsync(failure, ct))
            {
                state.Succeeded();
                return HealthCheckResult.Healthy("writes succeed again");
            }
        }
        catch (Exception e) when (Saving.IsStorageFailure(e))
        {
            // Still failing: report it below.
        }
        return HealthCheckResult.Unhealthy($"writes fail since {failure.At:u}: {failure.Reason}");
    }

    private async Task<bool> ProbeAsync(DatabaseWriteState.Failure failure, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 1;
        if (connection is not SqliteConnection sqlite)
        {
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        await command.ExecuteNonQueryAsync(ct);
        return !failure.DiskFull || FreeBytes(sqlite.DataSource) > MinimumFreeBytes;
    }

    private static long FreeBytes(string file) =>
        new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/").AvailableFreeSpace;
}
