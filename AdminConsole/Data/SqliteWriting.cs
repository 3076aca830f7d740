using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Data;

/// <summary>
/// How the console writes to a SQLite file, for every context (SQLite only). SQLite lets one writer in at a time; left
/// alone, a writer that finds the file busy gets SQLITE_BUSY and Microsoft.Data.Sqlite sleeps 150 ms before trying
/// again, so 20 concurrent saves made p99 a second (see the writers benchmark). Instead:
/// <list type="bullet">
/// <item>the writers of this process queue for the write lock in order (an async gate taken when a transaction
/// begins — always BEGIN IMMEDIATE — and given back when it ends), so they never collide with one another;</item>
/// <item>each connection sets SQLite's own busy timeout, which waits in milliseconds, for writers in other processes
/// (a second console, <c>restore</c>, a backup) and for single-statement saves, which need no transaction;</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode a commit no longer waits for the disk to flush; a power cut can lose the
/// last commits but never corrupts the file.</item>
/// </list>
/// </summary>
public sealed class SqliteWriting(TimeSpan busyTimeout) : DbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Contexts whose transaction holds the gate now; closing the connection gives it back whatever else happened.
    private readonly ConditionalWeakTable<DbContext, object> _holders = new();
    private static readonly object Held = new();

    // Pooled connections keep their SQLite handle, and the handle keeps its pragmas: set them once per handle.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = new();

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _prepared.TryAdd(handle, Held);

    private string Pragmas => $"PRAGMA busy_timeout={(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        _gate.Wait();
        _holders.AddOrUpdate(eventData.Context!, Held);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        _holders.AddOrUpdate(eventData.Context!, Held);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default) => Released(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default) => Released(eventData.Context);

    // A BEGIN that failed (busy past the timeout in another process) or a commit that failed: the next writer goes on.
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default) => Released(eventData.Context);

    private Task Released(DbContext? context)
    {
        Release(context);
        return Task.CompletedTask;
    }

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
            _gate.Release();
    }
}
