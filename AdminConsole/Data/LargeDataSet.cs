using System.Diagnostics;
using System.Globalization;
using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

/// <summary>
/// `dotnet run --project AdminConsole -c Release -- generate --companies 100000 [--database PATH]`:
/// the demo data plus N companies, written with one prepared statement in one transaction (seconds, not minutes).
/// Half go to the demo partner Nordtal Revision, the rest to 20 more partners.
/// </summary>
public static class LargeDataSet
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = 100_000;
        string? database = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--companies") count = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--database") database = Path.GetFullPath(args[i + 1]);
        }
        // --Database:Provider=Postgres --Database:ConnectionString=… fills a PostgreSQL database instead.
        var hostArgs = args.Where(a => a.StartsWith("--Database:", StringComparison.Ordinal))
            .Concat(database is null ? [] : [$"--Database:ConnectionString=Data Source={database}"]).ToArray();
        await using var app = ConsoleHost.Build(hostArgs);
        var clock = Stopwatch.StartNew();
        await DatabaseSetup.PrepareAsync(app.Services, seedDemo: true);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var added = await GenerateAsync(db, count);
        Console.WriteLine($"Added {added} companies to {db.Database.GetDbConnection().DataSource} in {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    public static async Task<int> GenerateAsync(AppDbContext db, int count)
    {
        var nordtal = await db.Partners.Where(p => p.Name == DemoData.Nordtal).Select(p => p.Id).SingleAsync();
        var partnerIds = new List<int> { nordtal };
        for (var i = 1; i <= 20; i++)
        {
            var partner = new Partner { Name = $"Bench Partner {i:00}", AdministratorName = $"Bench Partner {i:00} Admin" };
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            partnerIds.Add(partner.Id);
        }
        var firstNumber = 1_000_000 + await db.Companies.CountAsync();
        if (!db.Database.IsSqlite())
            return await CopyIntoPostgresAsync(db, count, nordtal, partnerIds, firstNumber);

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        // A million rows land in random places of fifteen indexes: with SQLite's default 2 MB page cache each insert
        // reads and spills pages (a million took over ten minutes); 512 MB keeps them in memory until the commit.
        await using (var cache = connection.CreateCommand())
        {
            cache.CommandText = "PRAGMA cache_size = -524288;";
            await cache.ExecuteNonQueryAsync();
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        // Bulk load: the indexes and triggers of the two tables (the search index's, and the one that copies plans, set
        // directly here) go while the rows go in and come back after, built once: a million inserts into fifteen indexes
        // and the search index took over half an hour.
        var schema = await SchemaAsync(connection, tx);
        foreach (var (type, name, _) in schema)
            await ExecuteAsync(connection, tx, $"DROP {type} \"{name}\";");
        var insertCompany = connection.CreateCommand();
        insertCompany.Transaction = tx;
        insertCompany.CommandText = """
            INSERT INTO Companies (PartnerId, Name, NameKey, NordicNameKey, OrganisationNumber, AgreementNumber, Country,
                                   MonthlyTransactions, CreatedAt, Version, SortPlan, SortAgreementType)
            VALUES ($p, $n, $k, $nk, $o, $a, $c, $t, $at, 0, $plan, 0) RETURNING Id
            """;
        var insertSubscription = connection.CreateCommand();
        insertSubscription.Transaction = tx;
        insertSubscription.CommandText =
            "INSERT INTO Subscriptions (CompanyId, Plan, AgreementType, Version) VALUES ($id, $plan, $type, 0)";
        string[] p = ["$p", "$n", "$k", "$nk", "$o", "$a", "$c", "$t", "$at", "$plan"];
        foreach (var name in p) insertCompany.Parameters.Add(new SqliteParameter(name, null));
        foreach (var name in new[] { "$id", "$plan", "$type" }) insertSubscription.Parameters.Add(new SqliteParameter(name, null));

        var names = new CompanyNames(100_000);
        string[] countries = ["DK", "DK", "NO", "DE"];
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var (name, org, country) = names.Next(countries[i % countries.Length]);
            insertCompany.Parameters["$p"].Value = i % 2 == 0 ? nordtal : partnerIds[1 + i % 20];
            insertCompany.Parameters["$n"].Value = name;
            insertCompany.Parameters["$k"].Value = NameKeys.Folded(name);
            insertCompany.Parameters["$nk"].Value = NameKeys.Nordic(name);
            insertCompany.Parameters["$o"].Value = org;
            insertCompany.Parameters["$a"].Value = (firstNumber + i).ToString(CultureInfo.InvariantCulture);
            insertCompany.Parameters["$c"].Value = country;
            insertCompany.Parameters["$t"].Value = names.NextInt(0, 400);
            insertCompany.Parameters["$at"].Value = now;
            var plan = names.NextInt(0, 3);
            insertCompany.Parameters["$plan"].Value = plan;
            var id = (long)(await insertCompany.ExecuteScalarAsync())!;
            insertSubscription.Parameters["$id"].Value = id;
            insertSubscription.Parameters["$plan"].Value = plan;
            insertSubscription.Parameters["$type"].Value = 0;
            await insertSubscription.ExecuteNonQueryAsync();
        }
        // The search index read again from every company (it reads the table itself), then the indexes and triggers.
        await ExecuteAsync(connection, tx, "INSERT INTO CompanySearch(CompanySearch) VALUES ('rebuild');");
        foreach (var (_, _, sql) in schema)
            await ExecuteAsync(connection, tx, sql);
        await tx.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }
        return count;
    }

    /// <summary>The indexes and triggers of Companies and Subscriptions, as SQLite keeps them.</summary>
    private static async Task<List<(string Type, string Name, string Sql)>> SchemaAsync(SqliteConnection connection,
        SqliteTransaction tx)
    {
        var list = new List<(string, string, string)>();
        await using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = """
            SELECT type, name, sql FROM sqlite_master
            WHERE tbl_name IN ('Companies', 'Subscriptions') AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """;
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add((reader.GetString(0).ToUpperInvariant(), reader.GetString(1), reader.GetString(2)));
        return list;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same companies on PostgreSQL, by binary COPY (ids taken from the sequence up front).</summary>
    private static async Task<int> CopyIntoPostgresAsync(AppDbContext db, int count, int nordtal, List<int> partnerIds, int firstNumber)
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        long firstId;
        await using (var reserve = new Npgsql.NpgsqlCommand(
                         "SELECT setval(pg_get_serial_sequence('\"Companies\"', 'Id'), " +
                         "(SELECT COALESCE(max(\"Id\"), 0) FROM \"Companies\") + @n) - @n + 1", connection, tx))
        {
            reserve.Parameters.AddWithValue("n", (long)count);
            firstId = (long)(await reserve.ExecuteScalarAsync())!;
        }
        // The companies carry their plan copies already: the trigger that keeps them would update a million rows again.
        await using (var off = new Npgsql.NpgsqlCommand("ALTER TABLE \"Subscriptions\" DISABLE TRIGGER \"Subscriptions_sort\"", connection, tx))
            await off.ExecuteNonQueryAsync();
        var names = new CompanyNames(100_000);
        string[] countries = ["DK", "DK", "NO", "DE"];
        var now = DateTime.UtcNow;
        var plans = new int[count];
        await using (var companies = await connection.BeginBinaryImportAsync(
                         "COPY \"Companies\" (\"Id\", \"PartnerId\", \"Name\", \"NameKey\", \"NordicNameKey\", \"OrganisationNumber\", " +
                         "\"AgreementNumber\", \"Country\", \"MonthlyTransactions\", \"CreatedAt\", \"Version\", \"OwnerRights\", " +
                         "\"AccessDigest\", \"SortPlan\", \"SortAgreementType\") FROM STDIN (FORMAT BINARY)"))
        {
            companies.Timeout = TimeSpan.FromHours(1);   // the indexes (trigram GIN among them) are kept as the rows arrive
            for (var i = 0; i < count; i++)
            {
                var (name, org, country) = names.Next(countries[i % countries.Length]);
                var transactions = names.NextInt(0, 400);
                plans[i] = names.NextInt(0, 3);
                await companies.StartRowAsync();
                await companies.WriteAsync((int)(firstId + i), NpgsqlTypes.NpgsqlDbType.Integer);
                await companies.WriteAsync(i % 2 == 0 ? nordtal : partnerIds[1 + i % 20], NpgsqlTypes.NpgsqlDbType.Integer);
                await companies.WriteAsync(name);
                await companies.WriteAsync(NameKeys.Folded(name));
                await companies.WriteAsync(NameKeys.Nordic(name));
                await companies.WriteAsync(org);
                await companies.WriteAsync((firstNumber + i).ToString(CultureInfo.InvariantCulture));
                await companies.WriteAsync(country);
                await companies.WriteAsync(transactions, NpgsqlTypes.NpgsqlDbType.Integer);
                await companies.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await companies.WriteAsync(0L, NpgsqlTypes.NpgsqlDbType.Bigint);
                await companies.WriteAsync((int)AccessRight.All, NpgsqlTypes.NpgsqlDbType.Integer);
                await companies.WriteAsync(false);
                await companies.WriteAsync(plans[i], NpgsqlTypes.NpgsqlDbType.Integer);
                await companies.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
            }
            await companies.CompleteAsync();
        }
        await using (var subscriptions = await connection.BeginBinaryImportAsync(
                         "COPY \"Subscriptions\" (\"CompanyId\", \"Plan\", \"AgreementType\", \"Version\") FROM STDIN (FORMAT BINARY)"))
        {
            subscriptions.Timeout = TimeSpan.FromHours(1);
            for (var i = 0; i < count; i++)
            {
                await subscriptions.StartRowAsync();
                await subscriptions.WriteAsync((int)(firstId + i), NpgsqlTypes.NpgsqlDbType.Integer);
                await subscriptions.WriteAsync(plans[i], NpgsqlTypes.NpgsqlDbType.Integer);
                await subscriptions.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
                await subscriptions.WriteAsync(0L, NpgsqlTypes.NpgsqlDbType.Bigint);
            }
            await subscriptions.CompleteAsync();
        }
        await using (var on = new Npgsql.NpgsqlCommand("ALTER TABLE \"Subscriptions\" ENABLE TRIGGER \"Subscriptions_sort\"", connection, tx))
            await on.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        // VACUUM as well: it marks the new pages all-visible, so counts read the indexes alone (as autovacuum would later).
        await using (var analyze = new Npgsql.NpgsqlCommand("VACUUM ANALYZE;", connection) { CommandTimeout = 3600 })
            await analyze.ExecuteNonQueryAsync();
        return count;
    }
}
