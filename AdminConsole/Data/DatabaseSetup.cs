using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "Sqlite";
    public string ConnectionString { get; set; } = "Data Source=data/adminconsole.db";

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase) ||
                              string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
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

    /// <summary>Applies the migrations (the only way the schema is made), switches SQLite to WAL, and seeds demo data on an empty database.</summary>
    public static async Task PrepareAsync(IServiceProvider services, bool seedDemo, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (db.Database.IsSqlite())
                // WAL lets readers go on while one admin writes; it is a property of the file, so once is enough.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.MigrateAsync(ct);
        }
        if (seedDemo)
            await DemoData.SeedIfEmptyAsync(services, ct);
    }
}
