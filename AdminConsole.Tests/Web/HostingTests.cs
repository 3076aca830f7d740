using System.Text.Json;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

public sealed class HostingTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AdminConsole.sln")))
            dir = dir.Parent;
        return dir.FullName;
    }

    [Fact]
    public async Task The_root_appsettings_json_is_what_the_app_reads()
    {
        var root = Path.Combine(RepoRoot(), "appsettings.json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(root));
        var from = json.RootElement.GetProperty("Smtp").GetProperty("From").GetString();

        await using var app = ConsoleHost.Build([]);
        Assert.Equal(root, app.Services.GetRequiredService<OperatorSettingsFile>().Path);
        Assert.Equal(from, app.Configuration["Smtp:From"]);
        // The project's own defaults say false; the operator's file says true and wins.
        Assert.Equal(json.RootElement.GetProperty("Demo").GetProperty("Seed").GetBoolean().ToString(),
            app.Configuration["Demo:Seed"], ignoreCase: true);
    }

    [Fact]
    public async Task The_command_line_overrides_the_operators_file()
    {
        await using var app = ConsoleHost.Build(["--Smtp:From=override@example.test"]);
        Assert.Equal("override@example.test", app.Configuration["Smtp:From"]);
    }

    [Fact]
    public async Task The_operator_sets_how_many_disconnected_consoles_are_kept_and_for_how_long()
    {
        await using var app = ConsoleHost.Build(["--Circuits:DisconnectedCircuitMaxRetained=7",
            "--Circuits:DisconnectedCircuitRetentionPeriod=00:00:45"]);
        var circuits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<
            Microsoft.AspNetCore.Components.Server.CircuitOptions>>().Value;
        Assert.Equal((7, TimeSpan.FromSeconds(45)), (circuits.DisconnectedCircuitMaxRetained, circuits.DisconnectedCircuitRetentionPeriod));
    }

    [Theory]
    [InlineData("Database:Provider=Postgre", "Database:Provider", "use Sqlite or Postgres")]
    [InlineData("Smtp:Port=0", "Smtp:Port", "between 1 and 65535")]
    [InlineData("Smtp:Security=Tls", "Smtp:Security", "")]
    [InlineData("Security:MaxFailedSignIns=0", "Security:MaxFailedSignIns", "between 1 and 1000")]
    [InlineData("LiveUpdates:RevalidateSeconds=-5", "LiveUpdates:RevalidateSeconds", "between 1 and 3600")]
    [InlineData("Database:MigrationTimeoutSeconds=0", "Database:MigrationTimeoutSeconds", "between 1 and 86400")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string name, string says)
    {
        var failure = await Assert.ThrowsAsync<StartupException>(() => ConsoleApp.StartAsync(settings: [setting]));
        Assert.Contains(name, failure.Message);
        Assert.Contains(says, failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [SqliteFact]
    public async Task Migrations_create_the_schema_on_an_empty_file_in_wal_mode()
    {
        await using var app = await ConsoleApp.StartAsync(demo: false);
        await using var db = app.Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Companies.CountAsync());

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('CompanySearch', 'Companies_search_ai')";
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Migrations_leave_nothing_pending_on_a_new_database()
    {
        await using var app = await ConsoleApp.StartAsync(demo: false);
        await using var db = app.Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Companies.CountAsync());
    }

    [Fact]
    public async Task Two_admins_saving_the_same_row_get_a_concurrency_conflict_not_an_overwrite()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var first = app.Db();
        await using var second = app.Db();
        var a = await first.Subscriptions.FirstAsync();
        var b = await second.Subscriptions.FirstAsync(s => s.CompanyId == a.CompanyId);
        a.Plan = Plan.Plus;
        await first.SaveChangesAsync();
        b.Plan = Plan.Small;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [SqliteFact]
    public async Task The_large_data_set_generator_adds_companies_with_their_subscriptions_and_search_index()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var db = app.Db();
        var before = await db.Companies.CountAsync();
        await LargeDataSet.GenerateAsync(db, 2_000);
        Assert.Equal(before + 2_000, await db.Companies.CountAsync());
        Assert.Equal(before + 2_000, await db.Subscriptions.CountAsync());
        var searchable = await db.Database.SqlQuery<int>($"SELECT count(*) AS Value FROM CompanySearch WHERE CompanySearch MATCH '\"GmbH\"'").SingleAsync();
        Assert.True(searchable > 100);
        // Loaded without its indexes, it ends with all of them, and each company's plan copy is its plan.
        Assert.False(await db.Companies.AnyAsync(c => c.SortPlan != c.Subscription.Plan));
        var schema = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM sqlite_master WHERE type IN ('index', 'trigger')").ToListAsync();
        Assert.Contains("IX_Companies_PartnerId_SortPlan_NameKey", schema);
        Assert.Contains("Subscriptions_sort_au", schema);
        Assert.Contains("Companies_search_ai", schema);
    }

    [Fact]
    public async Task The_large_data_set_generator_fills_postgresql_too_when_the_console_runs_on_it()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var db = app.Db();
        var before = await db.Companies.CountAsync();
        await LargeDataSet.GenerateAsync(db, 500);
        Assert.Equal(before + 500, await db.Subscriptions.CountAsync());
        Assert.False(await db.Companies.AnyAsync(c => c.SortPlan != c.Subscription.Plan));
        var companies = await app.ServiceAsAsync<AdminConsole.Companies.CompanyService>(Demo.Operator);
        Assert.Equal(before + 500, (await companies.ListAsync(new AdminConsole.Companies.CompanyListQuery())).Total);
    }
}
