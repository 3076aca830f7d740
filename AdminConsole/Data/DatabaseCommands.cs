using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

/// <summary>
/// <c>AdminConsole backup --to FILE</c> and <c>AdminConsole restore --from FILE</c>, with the same settings (file,
/// --Key=value) as the console itself, so they find the same database. SQLite only; PostgreSQL has pg_dump.
/// </summary>
public static class DatabaseCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args[0];
        var option = command == "backup" ? "--to" : "--from";
        var at = Array.IndexOf(args, option);
        if (at < 0 || at + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync($"Usage: AdminConsole {command} {option} FILE [--Key=value …]");
            return 2;
        }
        var file = Path.GetFullPath(args[at + 1]);
        var settings = args.Where((_, i) => i != 0 && i != at && i != at + 1).ToArray();
        try
        {
            var app = ConsoleHost.Build(settings);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            if (!db.Database.IsSqlite())
            {
                await Console.Error.WriteLineAsync(
                    $"The database is PostgreSQL: use pg_dump to back it up and pg_restore (or psql) to restore it. {command} copies SQLite files.");
                return 2;
            }
            var live = db.Database.GetConnectionString()!;
            var liveFile = new SqliteConnectionStringBuilder(live).DataSource;
            if (command == "backup")
            {
                SqliteBackups.Copy(live, file);
                Console.WriteLine($"Backed up {liveFile} to {file}.");
                return 0;
            }
            return Restore(file, liveFile, db.Database.GetMigrations().ToList(), app.Services.GetRequiredService<TimeProvider>());
        }
        catch (StartupException failure)
        {
            await Console.Error.WriteLineAsync(failure.Message);
            return 1;
        }
        catch (SqliteException failure)
        {
            await Console.Error.WriteLineAsync($"AdminConsole {command} failed: {failure.Message}");
            return 1;
        }
    }

    private static int Restore(string from, string liveFile, IReadOnlyCollection<string> migrations, TimeProvider time)
    {
        if (SqliteBackups.WhyNotRestorable(from, migrations) is { } why)
        {
            Console.Error.WriteLine($"Nothing was restored: {why}");
            return 1;
        }
        using var exclusive = SqliteRunningMarker.TryExclusive(liveFile);
        if (exclusive is null)
        {
            Console.Error.WriteLine($"Nothing was restored: an AdminConsole is running on {liveFile}. Stop it first.");
            return 1;
        }
        // The database as it was goes to backups/ first: a restore of the wrong file can be undone.
        if (File.Exists(liveFile) && new FileInfo(liveFile).Length > 0)
            Console.WriteLine($"The database as it was is kept in {SqliteBackups.BeforeChange(liveFile, "restore", time.GetUtcNow().UtcDateTime)}.");
        SqliteBackups.Copy(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly }.ToString(), liveFile);
        Console.WriteLine($"Restored {from} into {liveFile}. Start the console: it applies any newer migrations.");
        return 0;
    }
}
