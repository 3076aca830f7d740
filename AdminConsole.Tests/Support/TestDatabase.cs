using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdminConsole.Tests.Support;

/// <summary>
/// A fresh database per test class, copied from a demo database seeded once per run. SQLite by default (a file);
/// PostgreSQL when ADMINCONSOLE_TEST_DATABASE=postgres (a database made from a template), with the server at
/// ADMINCONSOLE_TEST_POSTGRES (default: postgres/postgres on 127.0.0.1). ./test.sh runs the suite both ways.
/// </summary>
public static class TestDatabase
{
    public static bool Postgres => string.Equals(Environment.GetEnvironmentVariable("ADMINCONSOLE_TEST_DATABASE"), "postgres",
        StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ADMINCONSOLE_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Username=postgres;Password=postgres";

    private static bool? _reachable;

    public static bool PostgresReachable()
    {
        if (_reachable is bool known)
            return known;
        try
        {
            using var c = new NpgsqlConnection(PostgresServer + ";Database=postgres;Timeout=3");
            c.Open();
            return (_reachable = true).Value;
        }
        catch (Exception)
        {
            return (_reachable = false).Value;
        }
    }

    /// <summary>An empty PostgreSQL database, whatever this run's provider; for tests that need PostgreSQL itself.</summary>
    public static async Task<string> CreateEmptyPostgresAsync()
    {
        var name = $"adminconsole_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static async Task DropPostgresAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<bool, string> Templates = [];

    /// <summary>Settings for the app, and the file path or database name to dispose.</summary>
    public static async Task<(string[] Settings, string Path)> CreateAsync(bool demo)
    {
        var template = await TemplateAsync(demo);
        if (Postgres)
        {
            var name = $"adminconsole_test_{Guid.NewGuid():N}";
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
            return (SettingsFor(name), name);
        }
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"adminconsole-test-{Guid.NewGuid():N}.db");
        File.Copy(template, path);
        return (SettingsFor(path), path);
    }

    public static string[] SettingsFor(string pathOrName) => Postgres
        ? ["--Database:Provider=Postgres", $"--Database:ConnectionString={PostgresServer};Database={pathOrName}"]
        : [$"--Database:ConnectionString=Data Source={pathOrName}"];

    public static async Task DropAsync(string pathOrName)
    {
        if (Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{pathOrName}\" WITH (FORCE)");
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(pathOrName + suffix);
    }

    private static async Task<string> TemplateAsync(bool demo)
    {
        await Gate.WaitAsync();
        try
        {
            if (Templates.TryGetValue(demo, out var existing))
                return existing;
            var name = Postgres
                ? $"adminconsole_template_{Guid.NewGuid():N}"
                : System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"adminconsole-template-{Guid.NewGuid():N}.db");
            if (Postgres)
                await ExecuteAsync($"CREATE DATABASE \"{name}\"");
            var app = ConsoleHost.Build([.. SettingsFor(name), $"--Demo:Seed={demo}"]);
            await ConsoleHost.PrepareAsync(app);
            await app.DisposeAsync();
            if (Postgres)
                NpgsqlConnection.ClearAllPools();
            else
            {
                await using var c = new SqliteConnection($"Data Source={name}");
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await cmd.ExecuteNonQueryAsync();
                SqliteConnection.ClearAllPools();
            }
            return Templates[demo] = name;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test of something only SQLite has (WAL, FTS5, the bulk generator); skipped in the PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.Postgres)
            Skip = "SQLite only (this run uses PostgreSQL).";
    }
}
