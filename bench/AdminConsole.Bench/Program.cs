// The company-list benchmark: p50/p95 of CompanyService.ListAsync on the 100,000-company data set,
// beside the same SQL (captured from EF Core) run straight against the SQLite file.
//   dotnet run -c Release --project bench/AdminConsole.Bench [-- --companies 100000 --iterations 200]
// The same on PostgreSQL (a database bench_N on that server, filled on first run):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --companies 1000000 --postgres "Host=…;Username=…;Password=…"
// Live-update latency (see LiveBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --live [--clients 10,100,1000] [--postgres CONN --redis HOST:PORT]
// The client-list CSV export's time and memory (see ExportBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --export
// The customer register of the demo bakery, 20,000 customers (see CustomerBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --customers
// The Activity page over a million audit entries (see AuditBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --audit 1000000
// The company list in headless Chromium: circuit memory, live fan-out, search as you type (see BrowserBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --browser [--lists 50 --rounds 20]
// Concurrent writers on one SQLite file, one process and two (see WritersBench.cs):
//   dotnet run -c Release --project bench/AdminConsole.Bench -- --writers 20 [--seconds 5]
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AdminConsole;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

if (args.Contains("--live"))
{
    var i = Array.IndexOf(args, "--postgres");
    var r = Array.IndexOf(args, "--redis");
    var c = Array.IndexOf(args, "--clients");
    var counts = (c >= 0 ? args[c + 1] : "10,100,1000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
    await LiveBench.RunAsync(Arg("--rounds", 100), i >= 0 ? args[i + 1] : null, r >= 0 ? args[r + 1] : null, counts);
    return;
}

var companies = Arg("--companies", 100_000);
var iterations = Arg("--iterations", 200);
// bench/data beside this project, unless --data names another folder.
var dataDir = args.Contains("--data") ? args[Array.IndexOf(args, "--data") + 1] : Path.Combine(AppContext.BaseDirectory, "../../../../data");
var dbPath = Path.GetFullPath(Path.Combine(dataDir, $"bench-{companies}.db"));
Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);

// --postgres CONN: the same data set and list cases on PostgreSQL (database bench_N, filled by binary COPY).
var postgres = args.Contains("--postgres") && !args.Contains("--live") ? args[Array.IndexOf(args, "--postgres") + 1] : null;
var recorder = new SqlRecorder();
await using var app = ConsoleHost.Build(
    [.. postgres is null
        ? new[] { $"--Database:ConnectionString=Data Source={dbPath}" }
        : ["--Database:Provider=Postgres", $"--Database:ConnectionString={postgres};Database=bench_{companies}"],
     "--Demo:Seed=true", "--Logging:LogLevel:Default=Warning"],
    b => b.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(recorder));
await ConsoleHost.PrepareAsync(app);
var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
{
    var have = await db.Companies.CountAsync();
    if (have < companies)
    {
        var clock = Stopwatch.StartNew();
        await LargeDataSet.GenerateAsync(db, companies - have);
        Console.WriteLine($"Generated {companies - have} companies in {clock.Elapsed.TotalSeconds:F1} s");
    }
    if (!args.Contains("--writers-child"))
        Console.WriteLine($"Data set: {await db.Companies.CountAsync():N0} companies in {(postgres is null ? dbPath : "PostgreSQL bench_" + companies)}");
}

if (args.Contains("--writers-child"))
{
    recorder.Enabled = false;
    var ids = args[Array.IndexOf(args, "--writers-child") + 1].Split(',').Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToArray();
    await WritersBench.ChildAsync(app, factory, ids, Arg("--seconds", 5),
        new DateTime(long.Parse(args[Array.IndexOf(args, "--start") + 1], CultureInfo.InvariantCulture), DateTimeKind.Utc),
        args[Array.IndexOf(args, "--out") + 1]);
    return;
}

if (args.Contains("--browser"))
{
    recorder.Enabled = false;
    await BrowserBench.RunAsync(dbPath, Arg("--lists", 50), Arg("--rounds", 20));
    return;
}

if (args.Contains("--writers"))
{
    recorder.Enabled = false;
    await WritersBench.RunAsync(app, factory, dbPath, Arg("--writers", 20), Arg("--seconds", 5));
    return;
}

if (args.Contains("--customers"))
{
    recorder.Enabled = false;
    await CustomerBench.RunAsync(app, factory, iterations);
    return;
}

if (args.Contains("--audit"))
{
    recorder.AuditToo = true;
    await AuditBench.RunAsync(app, factory, dbPath, Arg("--audit", 1_000_000), Arg("--iterations", 50), recorder);
    return;
}

if (args.Contains("--export"))
{
    recorder.Enabled = false;
    await ExportBench.RunAsync(app, factory);
    return;
}

Console.WriteLine($"{iterations} runs each; times in ms.");
Console.WriteLine($"{"who",-9} {"query",-34} {"rows",7} {"p50",7} {"p95",7} {"raw p50",8} {"raw p95",8}");
foreach (var (who, email) in new[] { ("partner", "admin@nordtal.example"), ("operator", "operator@adminconsole.example") })
{
    var service = await Bench.ServiceAsAsync<CompanyService>(app, email);

    var total = (await service.ListAsync(new CompanyListQuery())).Total;
    var scenarios = new (string Name, CompanyListQuery Query)[]
    {
        ("page 1 by name", new()),
        ("deep page (middle) by name", new(Page: total / 25 / 2)),
        ("last page by name", new(Page: total / 25)),
        ("sorted: agreement no. desc", new(Sort: CompanySort.AgreementNumber, Descending: true, Page: 2)),
        ("sorted: plan, page 1", new(Sort: CompanySort.Plan)),
        ("sorted: plan, deep page (middle)", new(Sort: CompanySort.Plan, Page: total / 25 / 2)),
        ("sorted: plan desc, last page", new(Sort: CompanySort.Plan, Descending: true, Page: total / 25 + 1)),
        ("sorted: agreement type, deep page", new(Sort: CompanySort.AgreementType, Page: total / 25 / 2)),
        ("search 'hansen' (trigram)", new(Search: "hansen")),
        ("search '1234' (org/agreement no.)", new(Search: "1234")),
        ("search 'ba' (two letters: prefix)", new(Search: "ba")),
        ("search 'ba', last page", new(Search: "ba", Page: 1_000_000)),
    };
    foreach (var (name, query) in scenarios)
    {
        for (var i = 0; i < 5; i++) await service.ListAsync(query);
        var times = new List<double>();
        PagedResult<CompanyRow>? result = null;
        for (var i = 0; i < iterations; i++)
        {
            recorder.Start();
            var sw = Stopwatch.StartNew();
            result = await service.ListAsync(query);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        // The raw floor is measured on SQLite only.
        var raw = postgres is null ? await Bench.RawAsync(dbPath, recorder.Commands, iterations) : [double.NaN];
        Console.WriteLine($"{who,-9} {name,-34} {result!.Total,7} {Bench.P(times, 50),7:F1} {Bench.P(times, 95),7:F1} {Bench.P(raw, 50),8:F1} {Bench.P(raw, 95),8:F1}");
    }
}
return;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Percentiles, the raw-SQL floor and services acting as a demo person, shared by the benchmarks.</summary>
static class Bench
{
/// <summary>
/// A service of the console acting as one demo person (the benchmarks have no sign-in), in a scope of its own that
/// lives as long as the benchmark.
/// </summary>
public static async Task<T> ServiceAsAsync<T>(WebApplication app, string email) where T : notnull
{
    var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
    string userId;
    await using (var db = await factory.CreateDbContextAsync())
        userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    var sp = app.Services.CreateAsyncScope().ServiceProvider;
    var policy = new AccessPolicy(new FixedActor(factory, userId), sp.GetRequiredService<Visit>(), factory,
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<AdminConsole.SharedResource>>());
    return ActivatorUtilities.CreateInstance<T>(sp, policy);
}

public static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

// The same statements EF Core sent, run again through a plain connection: the floor the service can reach.
public static async Task<List<double>> RawAsync(string dbPath, IReadOnlyList<(string Sql, (string, object?)[] Args)> commands, int n)
{
    await using var connection = new SqliteConnection($"Data Source={dbPath}");
    await connection.OpenAsync();
    var times = new List<double>();
    for (var i = 0; i < n; i++)
    {
        var sw = Stopwatch.StartNew();
        foreach (var (sql, parameters) in commands)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (p, v) in parameters) cmd.Parameters.AddWithValue(p, v ?? DBNull.Value);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
        }
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    return times;
}
}

/// <summary>Keeps the SQL of the last service call, so the raw run repeats exactly what EF Core sent.</summary>
sealed class SqlRecorder : DbCommandInterceptor
{
    private readonly List<(string, (string, object?)[])> _commands = [];
    public IReadOnlyList<(string Sql, (string, object?)[] Args)> Commands => _commands;
    public void Start() => _commands.Clear();

    /// <summary>Off for the export benchmark: recording every command would be the memory it measures.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>On for the audit benchmark, whose queries are the audit's.</summary>
    public bool AuditToo { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        if (Enabled && !command.CommandText.Contains("AspNetUsers") && (AuditToo || !command.CommandText.Contains("AuditEntries")))
            _commands.Add((command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
        return base.ReaderExecutingAsync(command, eventData, result, ct);
    }
}
