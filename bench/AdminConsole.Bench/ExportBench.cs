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
        Console.WriteLine($"{"who",-9} {"sort",-16} {"rows",8} {"seconds",8} {"MB out",7} {"live heap MB at 10k … at the end",40}");
        foreach (var (who, email) in new[] { ("partner", "admin@nordtal.example"), ("operator", "operator@adminconsole.example") })
        foreach (var sort in new[] { CompanySort.Name, CompanySort.AgreementNumber })
        {
            var service = await CompanyServiceAsAsync(app, factory, email);

            var live = new List<double>();
            var counter = new CountingStream();
            var http = new DefaultHttpContext();
            http.Response.Body = counter;
            var clock = Stopwatch.StartNew();
            var rows = 0;
            await using (var csv = Csv.Start(http, "bench.csv", null))   // the endpoint's own writer
            {
                await foreach (var r in service.ExportAsync(new CompanyListQuery(Sort: sort)))
                {
                    await csv.RowAsync(r.Name, r.OrganisationNumber, r.AgreementNumber, r.Plan.ToString(), r.AgreementType.ToString(),
                        r.CustomerAgreement, r.PartnerName);
                    // What the export holds on to (after a full collection), every 10,000 rows.
                    if (++rows % 10_000 == 0)
                        live.Add(GC.GetTotalMemory(forceFullCollection: true) / 1e6);
                }
            }
            clock.Stop();
            Console.WriteLine($"{who,-9} {sort,-16} {rows,8:N0} {clock.Elapsed.TotalSeconds,8:F1} {counter.Length / 1e6,7:F1} " +
                              $"{string.Join(" ", live.Select(m => m.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))),40}");
        }
    }

    /// <summary>The company service acting as one demo person (the benchmarks have no sign-in).</summary>
    public static async Task<CompanyService> CompanyServiceAsAsync(WebApplication app, IDbContextFactory<AppDbContext> factory,
        string email)
    {
        string userId;
        await using (var db = await factory.CreateDbContextAsync())
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var localizer = app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        var visit = new Visit();
        return new CompanyService(new AccessPolicy(new FixedActor(factory, userId), visit, factory, TimeProvider.System, localizer),
            visit, factory, TimeProvider.System, localizer);
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
