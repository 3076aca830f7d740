using System.Diagnostics;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AdminConsole.Tests.Web;

/// <summary>
/// The support laptop's SQLite file: backup while the console runs, restore with it stopped (checked first), a copy
/// before every start that migrates, and the disk's free space in the health report.
/// </summary>
public sealed class LaptopTests
{
    /// <summary>The console's own command line, as an operator runs it.</summary>
    private static async Task<(int Exit, string Output)> RunAsync(string databasePath, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AdminConsole.dll"));
        foreach (var arg in args.Append($"--Database:ConnectionString=Data Source={databasePath}"))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output + await error);
    }

    private static async Task<string> FirstCompanyNameAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT \"Name\" FROM \"Companies\" ORDER BY \"Id\" LIMIT 1";
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task RenameFirstCompanyAsync(ConsoleApp app, string name)
    {
        await using var db = app.Db();
        var company = await db.Companies.OrderBy(c => c.Id).FirstAsync();
        company.Name = name;
        await db.SaveChangesAsync();
    }

    [SqliteFact]
    public async Task A_backup_taken_while_the_console_runs_is_restored_only_once_the_console_is_stopped()
    {
        var app = await ConsoleApp.StartAsync();
        var path = app.DatabasePath;
        var backup = Path.Combine(Path.GetTempPath(), $"adminconsole-backup-{Guid.NewGuid():N}.db");
        try
        {
            await RenameFirstCompanyAsync(app, "Before the backup ApS");
            var (exit, output) = await RunAsync(path, "backup", "--to", backup);
            Assert.True(exit == 0, output);
            Assert.Equal("Before the backup ApS", await FirstCompanyNameAsync(backup));

            await RenameFirstCompanyAsync(app, "After the backup ApS");
            (exit, output) = await RunAsync(path, "restore", "--from", backup);
            Assert.Equal(1, exit);
            Assert.Contains("an AdminConsole is running on", output);
            Assert.Equal("After the backup ApS", await FirstCompanyNameAsync(path));

            await app.StopAsync();
            (exit, output) = await RunAsync(path, "restore", "--from", backup);
            Assert.True(exit == 0, output);
            Assert.Contains("The database as it was is kept in", output);
            await using var restarted = await ConsoleApp.StartAsync(databasePath: path);
            await using var db = restarted.Db();
            Assert.Equal("Before the backup ApS", await db.Companies.OrderBy(c => c.Id).Select(c => c.Name).FirstAsync());
            var keptAside = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(path)!, "backups"),
                Path.GetFileNameWithoutExtension(path) + "-before-restore-*.db");
            Assert.Equal("After the backup ApS", await FirstCompanyNameAsync(Assert.Single(keptAside)));
        }
        finally
        {
            File.Delete(backup);
        }
    }

    [SqliteFact]
    public async Task A_file_that_is_not_a_console_database_or_is_from_a_newer_version_is_refused_and_nothing_changes()
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        var text = Path.GetTempFileName();
        var newer = Path.Combine(Path.GetTempPath(), $"adminconsole-newer-{Guid.NewGuid():N}.db");
        try
        {
            await File.WriteAllTextAsync(text, "not a database");
            var (exit, output) = await RunAsync(path, "restore", "--from", text);
            Assert.Equal(1, exit);
            Assert.Contains("Nothing was restored", output);
            Assert.Contains("not a usable SQLite database", output);

            File.Copy(path, newer);
            await using (var c = new SqliteConnection($"Data Source={newer};Pooling=False"))
            {
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '99.0');";
                await cmd.ExecuteNonQueryAsync();
            }
            (exit, output) = await RunAsync(path, "restore", "--from", newer);
            Assert.Equal(1, exit);
            Assert.Contains("was made by a newer AdminConsole (migration 29991231000000_FromTheFuture)", output);
        }
        finally
        {
            File.Delete(text);
            File.Delete(newer);
            await TestDatabase.DropAsync(path);
        }
    }

    [SqliteFact]
    public async Task A_start_that_applies_migrations_first_keeps_a_copy_of_the_database_and_only_the_last_five()
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        try
        {
            // The database as an older version left it: one migration less.
            await using (var old = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>()
                             .UseSqlite($"Data Source={path};Pooling=False").UseApplicationServiceProvider(IdentitySchema.Services).Options))
            {
                var migrations = old.Database.GetMigrations().ToList();
                await old.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            }
            var folder = Path.Combine(Path.GetDirectoryName(path)!, "backups");
            var name = Path.GetFileNameWithoutExtension(path);

            // Stopped, not disposed: disposing would delete the database.
            var app = await ConsoleApp.StartAsync(databasePath: path);
            await using (var db = app.Db())
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var all = app.Db().Database.GetMigrations().Count();
            await app.StopAsync();
            var copy = Assert.Single(Directory.GetFiles(folder, name + "-before-*.db"));
            await using (var c = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT count(*) FROM \"__EFMigrationsHistory\"";
                Assert.Equal(all - 1, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
            }

            for (var i = 0; i < 6; i++)
                SqliteBackups.BeforeChange(path, "test", DateTime.UtcNow.AddSeconds(i));
            Assert.Equal(SqliteBackups.Kept, Directory.GetFiles(folder, name + "-before-*.db").Length);
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Path.GetDirectoryName(path)!, "backups"),
                         Path.GetFileNameWithoutExtension(path) + "-*"))
                File.Delete(file);
            await TestDatabase.DropAsync(path);
        }
    }

    [SqliteFact]
    public async Task The_health_report_says_how_much_disk_is_free_and_degrades_below_the_minimum()
    {
        await using (var app = await ConsoleApp.StartAsync(listen: true))
        {
            using var web = new WebSession(app.BaseUrl);
            Assert.Matches(@"disk: Healthy – \d+ MB free beside the database", (await web.GetAsync("health/ready")).Html);
        }
        await using (var app = await ConsoleApp.StartAsync(listen: true, settings: ["Health:MinFreeDiskMegabytes=999999999"]))
        {
            using var web = new WebSession(app.BaseUrl);
            var (status, body) = await web.GetAsync("health/ready");
            Assert.Equal(System.Net.HttpStatusCode.OK, status);   // Degraded still serves
            Assert.Contains("disk: Degraded – only", body);
        }
    }
}
