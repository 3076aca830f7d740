using System.Diagnostics;
using System.Globalization;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Concurrent writers on one SQLite file: N writers each change their own company's plan (through the real
/// SubscriptionService: authorization, validation, the save with its audit entry and mail, the live notice) as fast as
/// they can for a few seconds; saves/s and p50/p95/p99 of each save. Then the same number of writers split over two
/// processes, and, as the floor, a plain UPDATE per transaction on raw connections.
/// </summary>
public static class WritersBench
{
    private sealed record Run(List<double> Times, int Errors, double Seconds);

    public static async Task RunAsync(WebApplication app, IDbContextFactory<AppDbContext> factory, string dbPath, int writers,
        int seconds)
    {
        var companies = await CompaniesAsync(factory, writers);
        Console.WriteLine($"{writers} writers, {seconds} s each; latency of one save in ms.");
        Console.WriteLine($"{"setup",-30} {"saves",7} {"saves/s",8} {"errors",6} {"p50",7} {"p95",7} {"p99",7}");
        Report("raw SQLite, one process", await Task.Run(() => Raw(dbPath, companies, seconds)));
        Report("EF Core saves, one process", await EfSavesAsync(factory, companies, seconds));
        Report("services, one process", await ServicesAsync(app, companies, seconds));

        // Two processes on the same file, each with half the writers, starting at the same moment.
        var start = DateTime.UtcNow.AddSeconds(15);
        var halves = new[] { companies[..(writers / 2)], companies[(writers / 2)..] };
        var children = halves.Select(half =>
        {
            var file = Path.GetTempFileName();
            var info = new ProcessStartInfo(Environment.ProcessPath!)
            {
                ArgumentList = { "--writers-child", string.Join(',', half), "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
                    "--start", start.Ticks.ToString(CultureInfo.InvariantCulture), "--out", file,
                    "--companies", Path.GetFileNameWithoutExtension(dbPath).Split('-')[^1] },
            };
            return (Process: Process.Start(info)!, File: file);
        }).ToList();
        var merged = new Run([], 0, 0);
        foreach (var (process, file) in children)
        {
            await process.WaitForExitAsync();
            var lines = await File.ReadAllLinesAsync(file);
            File.Delete(file);
            var errors = int.Parse(lines[0], CultureInfo.InvariantCulture);
            var took = double.Parse(lines[1], CultureInfo.InvariantCulture);
            merged = new Run([.. merged.Times, .. lines.Skip(2).Select(l => double.Parse(l, CultureInfo.InvariantCulture))],
                merged.Errors + errors, Math.Max(merged.Seconds, took));
        }
        Report("services, two processes", merged);
    }

    /// <summary>One of the two processes: its writers, then the times into a file for the parent.</summary>
    public static async Task ChildAsync(WebApplication app, IDbContextFactory<AppDbContext> factory, int[] companies, int seconds,
        DateTime start, string file)
    {
        var wait = start - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        var run = await ServicesAsync(app, companies, seconds);
        await File.WriteAllLinesAsync(file, [run.Errors.ToString(CultureInfo.InvariantCulture),
            run.Seconds.ToString(CultureInfo.InvariantCulture), .. run.Times.Select(t => t.ToString(CultureInfo.InvariantCulture))]);
    }

    private static async Task<int[]> CompaniesAsync(IDbContextFactory<AppDbContext> factory, int n)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Select(c => c.Id)
            .Take(n).ToArrayAsync();
    }

    private static async Task<Run> ServicesAsync(WebApplication app, int[] companies, int seconds)
    {
        var until = Stopwatch.StartNew();
        var errors = 0;
        var all = await Task.WhenAll(companies.Select(company => Task.Run(async () =>
        {
            var service = await Bench.ServiceAsAsync<SubscriptionService>(app, "admin@nordtal.example");
            var status = await service.GetAsync(company);
            var times = new List<double>();
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    status = await service.ChangeAsync(company, new SubscriptionChange(
                        status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus }, status.Version));
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                        Console.Error.WriteLine($"first error: {e.GetType().Name}: {e.Message}");
                    status = await service.GetAsync(company);
                }
            }
            return times;
        })));
        return new Run([.. all.SelectMany(t => t)], errors, until.Elapsed.TotalSeconds);
    }

    // The write path alone: each save a fresh context that reads the row, changes it and adds an audit entry (what a
    // service's save writes), without the service's authorization and validation reads.
    private static async Task<Run> EfSavesAsync(IDbContextFactory<AppDbContext> factory, int[] companies, int seconds)
    {
        var until = Stopwatch.StartNew();
        var errors = 0;
        var all = await Task.WhenAll(companies.Select(company => Task.Run(async () =>
        {
            var times = new List<double>();
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await using var db = await factory.CreateDbContextAsync();
                    var s = await db.Subscriptions.SingleAsync(x => x.CompanyId == company);
                    s.Plan = s.Plan == Plan.Plus ? Plan.Small : Plan.Plus;
                    db.AuditEntries.Add(new AuditEntry { At = DateTime.UtcNow, Action = "bench.saved", ActorName = "bench",
                        ActingFor = "bench", CompanyId = company });
                    await db.SaveChangesAsync();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (DbUpdateException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return times;
        })));
        return new Run([.. all.SelectMany(t => t)], errors, until.Elapsed.TotalSeconds);
    }

    // The floor: each writer one connection, one UPDATE per immediate transaction, with the console's pragmas.
    private static Run Raw(string dbPath, int[] companies, int seconds)
    {
        var until = Stopwatch.StartNew();
        var errors = 0;
        var all = companies.AsParallel().WithDegreeOfParallelism(companies.Length).Select(company =>
        {
            using var connection = new SqliteConnection($"Data Source={dbPath};Pooling=False");
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
                pragma.ExecuteNonQuery();
            }
            var times = new List<double>();
            using var command = connection.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE; UPDATE \"Subscriptions\" SET \"Version\" = \"Version\" + 1 " +
                                  "WHERE \"CompanyId\" = $id; COMMIT;";
            command.Parameters.AddWithValue("$id", company);
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    command.ExecuteNonQuery();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (SqliteException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return times;
        }).ToList();
        return new Run([.. all.SelectMany(t => t)], errors, until.Elapsed.TotalSeconds);
    }

    private static void Report(string setup, Run run) => Console.WriteLine(
        $"{setup,-30} {run.Times.Count,7} {run.Times.Count / run.Seconds,8:F0} {run.Errors,6} " +
        $"{Bench.P(run.Times, 50),7:F1} {Bench.P(run.Times, 95),7:F1} {Bench.P(run.Times, 99),7:F1}");
}
