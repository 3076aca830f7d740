using System.Data.Common;
using System.Net;
using AdminConsole.Agreements;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Tests.Web;

/// <summary>
/// A database that cannot write (locked by another process past the busy timeout, or a full disk) gives a clear
/// "nothing was changed" instead of a dead console, is logged, and makes /health/ready say Unhealthy while it lasts.
/// </summary>
public sealed class StorageFailureTests
{
    private static async Task<ConsoleApp> StartWithShortBusyTimeoutAsync(DiskFullSwitch? diskFull = null)
    {
        var (_, path) = await TestDatabase.CreateAsync(demo: true);
        return await ConsoleApp.StartAsync(listen: true, databasePath: path,
            settings: [$"Database:ConnectionString=Data Source={path};Default Timeout=1"],
            configure: diskFull is null ? null : b => b.Services.AddSingleton<IInterceptor>(diskFull));
    }

    [SqliteFact]
    public async Task A_database_locked_by_another_process_refuses_the_save_clearly_and_health_says_so_until_it_is_free()
    {
        await using var app = await StartWithShortBusyTimeoutAsync();
        var agreements = await app.ServiceAsAsync<AgreementService>(Demo.Admin);
        using var web = new WebSession(app.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("health/ready")).Status);

        await using (var other = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            var problem = await Assert.ThrowsAsync<StorageProblem>(() =>
                agreements.CreateAsync(new AgreementInput("Locked Out ApS", "424242")));
            Assert.Contains("Nothing was changed", problem.Message);

            var (status, body) = await web.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("database writes: Unhealthy", body);
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        var (after, afterBody) = await web.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Contains("database writes: Healthy", afterBody);
        await agreements.CreateAsync(new AgreementInput("Locked Out ApS", "424242"));   // the same input, kept by the form, saves now
        await using var db = app.Db();
        Assert.Equal(1, await db.CustomerAgreements.CountAsync(a => a.CustomerNumber == "424242"));
    }

    [SqliteFact]
    public async Task On_a_full_disk_a_save_changes_nothing_and_opening_a_company_still_works_with_a_warning()
    {
        var diskFull = new DiskFullSwitch();
        await using var app = await StartWithShortBusyTimeoutAsync(diskFull);
        int company;
        await using (var db = app.Db())
            company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var subscriptions = await app.ServiceAsAsync<SubscriptionService>(Demo.Admin);
        var status = await subscriptions.GetAsync(company);
        var audits = await CountAuditsAsync(app);

        diskFull.On = true;
        var summary = await (await app.ServiceAsAsync<CompanyService>(Demo.Admin)).EnterAsync(company);
        Assert.Equal(company, summary.Id);
        Assert.Contains("could not be recorded in the audit trail", summary.Notice);
        var next = status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus };
        var problem = await Assert.ThrowsAsync<StorageProblem>(() =>
            subscriptions.ChangeAsync(company, new SubscriptionChange(next, status.Version)));
        Assert.Contains("Nothing was changed", problem.Message);
        Assert.Equal(status.Current.Plan, (await subscriptions.GetAsync(company)).Current.Plan);
        Assert.Equal(audits, await CountAuditsAsync(app));

        diskFull.On = false;
        await subscriptions.ChangeAsync(company, new SubscriptionChange(next, status.Version));
        Assert.Equal(next.Plan, (await subscriptions.GetAsync(company)).Current.Plan);
    }

    private static async Task<int> CountAuditsAsync(ConsoleApp app)
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync();
    }

    /// <summary>Makes every write fail as SQLite does when the disk is full.</summary>
    private sealed class DiskFullSwitch : DbCommandInterceptor
    {
        public volatile bool On;

        private void Fail(DbCommand command)
        {
            var sql = command.CommandText.TrimStart();
            if (On && (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) ||
                       sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ||
                       sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)))
                throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
