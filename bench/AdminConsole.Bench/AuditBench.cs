using System.Diagnostics;
using System.Globalization;
using AdminConsole;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

/// <summary>
/// The Activity page over a million audit entries: p50/p95 of <see cref="ActivityService.ListAsync"/> for an operator and
/// a partner admin, first page and deep pages, each filter — beside the same statement run straight on SQLite.
/// <c>--audit N</c> first adds entries until the database holds N.
/// </summary>
static class AuditBench
{
    private static readonly string[] Actions =
    [
        "company.entered", "subscription.changed", "administrator.selected", "administrator.changed", "user.invited",
        "agreement.changed", "company.exported", "administrator.deselected", "portal.login.created",
    ];

    public static async Task RunAsync(WebApplication app, IDbContextFactory<AppDbContext> factory, string dbPath, int entries,
        int iterations, SqlRecorder recorder)
    {
        await GenerateAsync(factory, dbPath, entries);
        string partnerAdmin, operatorId;
        long middle;
        int busyCompany;
        await using (var db = await factory.CreateDbContextAsync())
        {
            partnerAdmin = await db.Users.Where(u => u.Email == "admin@nordtal.example").Select(u => u.Id).SingleAsync();
            operatorId = await db.Users.Where(u => u.Email == "operator@adminconsole.example").Select(u => u.Id).SingleAsync();
            var count = await db.AuditEntries.LongCountAsync();
            middle = await db.AuditEntries.OrderBy(a => a.Id).Skip((int)(count / 2)).Select(a => a.Id).FirstAsync();
            // The partner's busiest client, so both readers find its entries.
            var nordtal = await db.Partners.Where(p => p.Name == DemoData.Nordtal).Select(p => p.Id).SingleAsync();
            busyCompany = await db.AuditEntries.Where(a => a.OwnerPartnerId == nordtal).GroupBy(a => a.CompanyId)
                .OrderByDescending(g => g.Count()).Select(g => g.Key!.Value).FirstAsync();
            Console.WriteLine($"Audit entries: {count:N0}");
        }
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var week = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-180));

        Console.WriteLine($"{iterations} runs each; times in ms.");
        Console.WriteLine($"{"who",-9} {"query",-36} {"rows",5} {"p50",7} {"p95",7} {"raw p50",8} {"raw p95",8}");
        foreach (var (who, userId) in new[] { ("partner", partnerAdmin), ("operator", operatorId) })
        {
            var service = new ActivityService(new FixedActor(factory, userId), factory, localizer);
            foreach (var (name, query) in new (string, ActivityQuery)[]
                     {
                         ("first page", new()),
                         ("deep page (the middle entry)", new(Before: middle)),
                         ("person 'bench user 17', first page", new(Person: "bench user 17")),
                         ("person 'bench user 17', deep page", new(Person: "bench user 17", Before: middle)),
                         ("kind 'subscription', deep page", new(Kind: "subscription", Before: middle)),
                         ("one client (the partner's busiest)", new(CompanyId: busyCompany)),
                         ("one week, half a year ago", new(From: week, To: week.AddDays(6))),
                         ("free text 'plus' (a scan)", new(Text: "plus")),
                         ("free text matching nothing", new(Text: "no such text")),
                     })
            {
                for (var i = 0; i < 3; i++) await service.ListAsync(query);
                var times = new List<double>();
                ActivityResult? result = null;
                for (var i = 0; i < iterations; i++)
                {
                    recorder.Start();
                    var sw = Stopwatch.StartNew();
                    result = await service.ListAsync(query);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                var raw = await Bench.RawAsync(dbPath, recorder.Commands.Where(c => c.Sql.Contains("AuditEntries")).ToList(), iterations);
                Console.WriteLine($"{who,-9} {name,-36} {result!.Items.Count,5} {Bench.P(times, 50),7:F1} {Bench.P(times, 95),7:F1} " +
                                  $"{Bench.P(raw, 50),8:F1} {Bench.P(raw, 95),8:F1}");
            }
        }
    }

    /// <summary>Adds entries (oldest first, a year back to now) until there are <paramref name="target"/>: straight SQL, one transaction.</summary>
    private static async Task GenerateAsync(IDbContextFactory<AppDbContext> factory, string dbPath, int target)
    {
        List<(int Id, int PartnerId, string Partner)> companies;
        long have;
        await using (var db = await factory.CreateDbContextAsync())
        {
            have = await db.AuditEntries.LongCountAsync();
            if (have >= target)
                return;
            companies = (await db.Companies.Select(c => new { c.Id, c.PartnerId, c.Partner.Name }).ToListAsync())
                .Select(c => (c.Id, c.PartnerId, c.Name)).ToList();
        }
        var clock = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={dbPath}");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO AuditEntries (At, ActorUserId, ActorName, ActingForPartnerId, ActingFor, CompanyId, Action, Before, After)
            VALUES ($at, $user, $name, $partner, $for, $company, $action, $before, $after)
            """;
        foreach (var p in new[] { "$at", "$user", "$name", "$partner", "$for", "$company", "$action", "$before", "$after" })
            insert.Parameters.Add(new SqliteParameter(p, null));
        var random = new Random(1_000_000);
        var count = (int)(target - have);
        var start = DateTime.UtcNow.AddDays(-365);
        string[] plans = ["Small", "Standard", "Plus"];
        for (var i = 0; i < count; i++)
        {
            var company = companies[random.Next(companies.Count)];
            var actor = random.Next(400);
            var action = Actions[random.Next(Actions.Length)];
            insert.Parameters["$at"].Value = start.AddSeconds(365.0 * 86_400 * i / count)
                .ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            insert.Parameters["$user"].Value = $"bench-user-{actor}";
            insert.Parameters["$name"].Value = $"Bench User {actor}";
            insert.Parameters["$partner"].Value = company.PartnerId;
            insert.Parameters["$for"].Value = company.Partner;
            insert.Parameters["$company"].Value = company.Id;
            insert.Parameters["$action"].Value = action;
            var (before, after) = action == "subscription.changed"
                ? ($"{{\"Plan\":\"{plans[random.Next(3)]}\"}}", $"{{\"Plan\":\"{plans[random.Next(3)]}\"}}")
                : ((string?)null, (string?)null);
            insert.Parameters["$before"].Value = (object?)before ?? DBNull.Value;
            insert.Parameters["$after"].Value = (object?)after ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"Generated {count:N0} audit entries in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
