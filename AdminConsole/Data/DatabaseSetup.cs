using AdminConsole.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

public sealed class DatabaseOptions
{
    [RegularExpression("(?i)^(sqlite|postgres|postgresql)$", ErrorMessage = "Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    [Required(ErrorMessage = "Database:ConnectionString is empty.")]
    public string ConnectionString { get; set; } = "Data Source=data/adminconsole.db";

    /// <summary>How long start-up waits for another process's migrations, and for its own, before it gives up.</summary>
    [Range(1, 86_400, ErrorMessage = "Database:MigrationTimeoutSeconds must be between 1 and 86400.")]
    public int MigrationTimeoutSeconds { get; set; } = 120;

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase) ||
                              string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);
}

public static class DatabaseSetup
{
    /// <summary>Makes a relative SQLite file path absolute (against the operator's settings folder) and its folder exist.</summary>
    public static string ResolveSqlite(string connectionString, string baseDirectory)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is { Length: > 0 } file && file != ":memory:" && !Path.IsPathRooted(file))
            csb.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, file));
        if (Path.GetDirectoryName(csb.DataSource) is { Length: > 0 } dir)
            Directory.CreateDirectory(dir);
        // Concurrent writers wait (busy timeout, in seconds) instead of failing at once.
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            csb.DefaultTimeout = 30;
        return csb.ToString();
    }

    /// <summary>
    /// Applies the migrations (the only way the schema is made), switches SQLite to WAL, and seeds demo data on an
    /// empty database. A database that cannot be used becomes a <see cref="StartupException"/> with one line that names
    /// it and says what is wrong.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, bool seedDemo, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("AdminConsole.Database");
        var timeout = TimeSpan.FromSeconds(Math.Max(1,
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.MigrationTimeoutSeconds));
        await using var db = await factory.CreateDbContextAsync(ct);
        var where = Describe(db);
        if (db.Database.IsSqlite())
            services.GetRequiredService<SqliteRunningMarker>().Hold(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        try
        {
            // An up-to-date database takes no lock at all: a lock left behind by a killed start (or a start that
            // hangs while holding one) must not stop a console whose schema needs nothing.
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Any();
            if (!pending)
            {
                // Still proves now, not at the first save, that the file can be written (not read-only, not locked).
                if (db.Database.IsSqlite())
                    await db.Database.ExecuteSqlRawAsync(
                        "BEGIN IMMEDIATE; CREATE TABLE \"__WriteProbe\" (x); ROLLBACK;", ct);
                log.MigrationsApplied(where);
            }
            else if (db.Database.IsSqlite())
            {
                var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
                using var guard = await MigrationGuard.AcquireAsync(file, timeout, log, ct);
                await BackUpBeforeMigratingAsync(db, file, services.GetRequiredService<TimeProvider>(), log, ct);
                // WAL lets readers go on while one admin writes; it is a property of the file, so once is enough.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                await MigrationGuard.ClearStaleLockAsync(db, file, log, ct);
                await MigrateAsync(db, where, timeout, log, ct);
            }
            else
                await MigrateAsync(db, where, timeout, log, ct);
            await FillNameKeysAsync(db, ct);
            if (seedDemo)
                await DemoData.SeedIfEmptyAsync(services, ct);
        }
        catch (Exception e) when (e is not StartupException && Explain(e) is { } why)
        {
            throw new StartupException($"AdminConsole cannot start: {where} {why}");
        }
    }

    /// <summary>A database that has data (applied migrations) is copied before new migrations change it.</summary>
    private static async Task BackUpBeforeMigratingAsync(AppDbContext db, string file, TimeProvider time, ILogger log, CancellationToken ct)
    {
        if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            return;
        var next = (await db.Database.GetPendingMigrationsAsync(ct)).First();
        log.BackedUpBeforeMigrations(SqliteBackups.BeforeChange(file, next, time.GetUtcNow().UtcDateTime));
    }

    private static async Task MigrateAsync(AppDbContext db, string where, TimeSpan timeout, ILogger log, CancellationToken ct)
    {
        log.ApplyingMigrations(where);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await db.Database.MigrateAsync(limit.Token);
            // New indexes have no statistics yet, and SQLite's planner then guesses (and can pick a scan of half a
            // million audit entries): measure once, after the schema changed.
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("ANALYZE;", limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new StartupException(
                $"AdminConsole cannot start: migrations of {where} did not finish within {timeout.TotalSeconds:0} s. " +
                "If no other AdminConsole is starting on this database, a start that was killed may have left its lock: " +
                "remove it with DELETE FROM \"__EFMigrationsLock\"; (SQLite) and start again.");
        }
        log.MigrationsApplied(where);
    }

    /// <summary>
    /// Companies saved before names had search and sort keys (the NameKeys migration) get them, a thousand at a time;
    /// a no-op (one index probe) once they all have them.
    /// </summary>
    private static async Task FillNameKeysAsync(AppDbContext db, CancellationToken ct)
    {
        for (var after = 0; ;)
        {
            var batch = await db.Companies.Where(c => c.NameKey == "" && c.Name != "" && c.Id > after).OrderBy(c => c.Id)
                .Take(1000).ToListAsync(ct);
            if (batch.Count == 0)
                return;
            foreach (var company in batch)
                (company.NameKey, company.NordicNameKey) = (NameKeys.Folded(company.Name), NameKeys.Nordic(company.Name));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = batch[^1].Id;
        }
    }

    private static string Describe(AppDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        return db.Database.IsSqlite()
            ? $"the SQLite file {Path.GetFullPath(new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource)}"
            : $"the PostgreSQL database {connection.Database} on {connection.DataSource}";
    }

    /// <summary>What is wrong with the database, in words an operator can act on; null for anything else (a bug).</summary>
    private static string? Explain(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 8 } => "is read-only: give the console's user write access to the file and its folder.",
        SqliteException { SqliteErrorCode: 5 or 6 } => "is locked by another process: stop it (or wait) and start again.",
        SqliteException { SqliteErrorCode: 13 } => "cannot grow: the disk is full.",
        SqliteException { SqliteErrorCode: 14 } => "cannot be opened: check the path and the folder's permissions.",
        SqliteException { SqliteErrorCode: 26 or 11 } => "is not a usable SQLite database (damaged, or another kind of file).",
        SqliteException sqlite => $"failed: {sqlite.Message}",
        UnauthorizedAccessException or IOException => $"cannot be used: {e.Message}",
        Npgsql.NpgsqlException npgsql => $"cannot be used: {npgsql.Message}",
        _ when e.InnerException is { } inner => Explain(inner),
        _ => null,
    };
}

/// <summary>The database cannot be used: one line for the operator, no stack trace.</summary>
public sealed class StartupException(string message) : Exception(message);

/// <summary>
/// Only one process migrates a SQLite file at a time, held by an OS lock on "&lt;file&gt;.migrations.lock" that ends with
/// the process. Holding it proves no other start is migrating, so a row left in EF Core's "__EFMigrationsLock" by a start
/// that was killed is stale and can go: the next start never waits on it.
/// </summary>
internal static class MigrationGuard
{
    public static async Task<IDisposable> AcquireAsync(string file, TimeSpan timeout, ILogger log, CancellationToken ct)
    {
        var path = Path.GetFullPath(file) + ".migrations.lock";
        var deadline = DateTime.UtcNow + timeout;
        for (var waited = false; ; waited = true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!waited)
                    log.WaitingForMigrations(file);
                await Task.Delay(250, ct);
            }
            catch (IOException)
            {
                throw new StartupException($"AdminConsole cannot start: another AdminConsole process is applying migrations " +
                                           $"to {Path.GetFullPath(file)} (it holds {path}). Wait for it to finish, or stop it.");
            }
        }
    }

    public static async Task ClearStaleLockAsync(AppDbContext db, string file, ILogger log, CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<int>(
            "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(ct);
        if (exists == 0)
            return;
        if (await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\";", ct) > 0)
            log.ClearedStaleMigrationLock(file);
    }
}
