using System.Diagnostics;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>
/// Start-up on a database that cannot be used ends with one line naming the file and the problem; a start killed
/// during its migrations never blocks the next one.
/// </summary>
public sealed class StartupTests
{
    private static string FreshPath() => Path.Combine(Path.GetTempPath(), $"adminconsole-startup-{Guid.NewGuid():N}.db");

    /// <summary>The console as an operator runs it: its own process, output captured.</summary>
    private static Process StartProcess(string connectionString)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "AdminConsole.dll"), "--Database:Provider=Sqlite",
                     $"--Database:ConnectionString={connectionString}", "--Urls=http://127.0.0.1:0", "--Demo:Seed=true",
                 })
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static async Task<int> LockRowsAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM \"__EFMigrationsLock\"";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    [SqliteFact]
    public async Task A_fully_migrated_database_starts_without_the_migration_lock_even_when_one_is_left_or_held()
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-11-30 10:00:00');";
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(1, await LockRowsAsync(path));
        // As if a start hung while holding the guard: a start that needs no migration does not wait for it.
        await using var held = new FileStream(Path.GetFullPath(path) + ".migrations.lock", FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None);

        await using var app = await ConsoleApp.StartAsync(databasePath: path, settings: ["Database:MigrationTimeoutSeconds=2"])
            .WaitAsync(TimeSpan.FromSeconds(60));
        await using var db = app.Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.True(await db.Companies.AnyAsync());
    }

    [SqliteFact]
    public async Task A_start_killed_while_it_migrates_does_not_stop_the_next_start()
    {
        var path = FreshPath();
        try
        {
            using (var first = StartProcess($"Data Source={path}"))
            {
                // Killed as soon as it says it is migrating (wherever in the migrations that lands).
                while (await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
                    if (line.Contains("Applying migrations", StringComparison.Ordinal))
                        break;
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
            SqliteConnection.ClearAllPools();

            await using var app = await ConsoleApp.StartAsync(databasePath: path).WaitAsync(TimeSpan.FromSeconds(90));
            await using var db = app.Db();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await LockRowsAsync(path));
        }
        finally
        {
            await TestDatabase.DropAsync(path);
            File.Delete(path + ".migrations.lock");
        }
    }

    [SqliteFact]
    public async Task A_read_only_database_stops_the_start_with_one_line_naming_the_file()
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        try
        {
            using var process = StartProcess($"Data Source={path};Mode=ReadOnly");
            var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(path, line);
            Assert.Contains("read-only", line);
        }
        finally
        {
            await TestDatabase.DropAsync(path);
        }
    }

    [SqliteFact]
    public async Task A_database_locked_by_another_process_stops_the_start_with_a_clear_message()
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        try
        {
            await using var other = new SqliteConnection($"Data Source={path}");
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            var failure = await Assert.ThrowsAsync<StartupException>(() =>
                ConsoleApp.StartAsync(databasePath: path, settings: [$"Database:ConnectionString=Data Source={path};Default Timeout=1"]));
            Assert.Contains(path, failure.Message);
            Assert.Contains("locked by another process", failure.Message);
            Assert.DoesNotContain('\n', failure.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await TestDatabase.DropAsync(path);
        }
    }
}
