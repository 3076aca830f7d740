using System.Diagnostics;
using AdminConsole;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Streams the client-list export (every company the person sees, in the list's order) as the CSV endpoint does, into a
/// counting stream, and reports time, bytes and the largest managed heap seen while it ran: flat memory means the heap
/// stays the same whether 1,000 or 100,000 rows go out.
/// </summary>
public static class ExportBench
{
    public static async Task RunAsync(WebApplication app, IDbContextFactory<AppDbContext> factory)
    {
        await WriterAloneAsync();
        Console.WriteLine($"{"who",-9} {"sort",-16} {"rows",8} {"seconds",8} {"rows/s",8} {"MB out",7} {"live heap MB at 10k … at the end",40}");
        foreach (var (who, email) in new[] { ("partner", "admin@nordtal.example"), ("operator", "operator@adminconsole.example") })
        foreach (var sort in new[] { CompanySort.Name, CompanySort.AgreementNumber })
        {
            var service = await Bench.ServiceAsAsync<CompanyService>(app, email);

            // Twice: timed without looking at memory, then measured every 10,000 rows (each look is a full collection).
            var (rows, bytes, _) = await ExportOnceAsync(service, sort, sample: false);
            var clock = Stopwatch.StartNew();
            (rows, bytes, _) = await ExportOnceAsync(service, sort, sample: false);
            clock.Stop();
            var (_, _, live) = await ExportOnceAsync(service, sort, sample: true);
            Console.WriteLine($"{who,-9} {sort,-16} {rows,8:N0} {clock.Elapsed.TotalSeconds,8:F1} {rows / clock.Elapsed.TotalSeconds,8:N0} {bytes / 1e6,7:F1} " +
                              $"{string.Join(" ", live.Select(m => m.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))),40}");
        }
    }

    private static async Task<(int Rows, long Bytes, List<double> Live)> ExportOnceAsync(CompanyService service, CompanySort sort,
        bool sample)
    {
        var live = new List<double>();
        var counter = new CountingStream();
        var http = new DefaultHttpContext();
        http.Response.Body = counter;
        var rows = 0;
        await using (var csv = Csv.Start(http, "bench.csv", null))   // the endpoint's own writer
        {
            await foreach (var r in service.ExportAsync(new CompanyListQuery(Sort: sort)))
            {
                await csv.RowAsync(r.Name, r.OrganisationNumber, r.AgreementNumber, r.Plan.ToString(), r.AgreementType.ToString(),
                    r.CustomerAgreement, r.PartnerName);
                // What the export holds on to (after a full collection), every 10,000 rows.
                if (++rows % 10_000 == 0 && sample)
                    live.Add(GC.GetTotalMemory(forceFullCollection: true) / 1e6);
            }
        }
        return (rows, counter.Length, live);
    }

    /// <summary>
    /// The CSV writer alone: 100,000 invoice-basis lines (customer number, description, quantity, price, amount,
    /// currency), five times; rows/s of the fastest run, and the heap before and after.
    /// </summary>
    private static async Task WriterAloneAsync()
    {
        var best = double.MaxValue;
        var before = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
        var allocated = 0L;
        for (var run = 0; run < 5; run++)
        {
            var http = new DefaultHttpContext();
            http.Response.Body = new CountingStream();
            var start = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            await using (var csv = Csv.Start(http, "bench.csv", "semicolon"))
                for (var i = 0; i < 100_000; i++)
                    await csv.RowAsync("10" + (i % 5000).ToString(csv.Culture), "Plus, transaction billing (\"monthly\")",
                        (i % 40).ToString(csv.Culture), 12.5m.ToString("0.00", csv.Culture), (i % 40 * 12.5m).ToString("0.00", csv.Culture), "DKK");
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        }
        Console.WriteLine($"CSV writer alone, 100,000 invoice lines: {100_000 / best:N0} rows/s; " +
                          $"{allocated / 1e6:F1} MB allocated per run; live heap {before:F1} MB before, " +
                          $"{GC.GetTotalMemory(forceFullCollection: true) / 1e6:F1} MB after");
    }

    private sealed class CountingStream : Stream
    {
        public override long Length => Written;
        private long Written { get; set; }
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
