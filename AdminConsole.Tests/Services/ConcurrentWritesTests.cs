using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>
/// Many admins saving at once on one SQLite file: every save lands (they queue for the write lock instead of failing
/// or sleeping), and each connection carries the console's write settings.
/// </summary>
public sealed class ConcurrentWritesTests
{
    [SqliteFact]
    public async Task Twenty_admins_saving_at_the_same_moment_all_succeed_and_each_change_is_audited()
    {
        await using var app = await ConsoleApp.StartAsync();
        int[] companies;
        int audited;
        await using (var db = app.Db())
        {
            companies = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Select(c => c.Id)
                .ToArrayAsync();
            audited = await db.AuditEntries.CountAsync(a => a.Action == "subscription.changed");
        }
        Assert.True(companies.Length >= 4);
        var writers = Enumerable.Range(0, 20).Select(i => companies[i % companies.Length]).ToArray();
        var start = new TaskCompletionSource();

        // Each admin changes a plan five times; admins on the same company take turns (a conflict is retried, as a
        // person would after the form told them).
        var saves = writers.Select((company, i) => Task.Run(async () =>
        {
            var service = await app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
            await start.Task;
            var done = 0;
            while (done < 5)
            {
                var status = await service.GetAsync(company);
                try
                {
                    await service.ChangeAsync(company, new SubscriptionChange(
                        status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus }, status.Version));
                    done++;
                }
                catch (ConflictProblem)
                {
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(saves);   // a StorageProblem ("database is not available") would fail here

        await using var check = app.Db();
        Assert.Equal(audited + 100, await check.AuditEntries.CountAsync(a => a.Action == "subscription.changed"));
    }

    [SqliteFact]
    public async Task Every_connection_waits_for_a_busy_file_and_commits_without_waiting_for_the_disk()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var db = app.Db();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("1", await PragmaAsync(db, "synchronous"));   // NORMAL
        Assert.True(long.Parse(await PragmaAsync(db, "busy_timeout")) >= 1000);
        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
    }

    private static async Task<string> PragmaAsync(AppDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
