using AdminConsole.Infrastructure;

namespace AdminConsole.Audit;

public static class ActivityCsvEndpoint
{
    /// <summary>GET /activity.csv?…: every entry the Activity filters match (not only one page), streamed.</summary>
    public static void MapActivityCsv(this IEndpointRouteBuilder app) =>
        app.MapGet("/activity.csv", async (string? from, string? to, string? person, string? company, string? kind, string? q,
            string? separator, HttpContext http, ActivityService activity, TimeProvider time, CancellationToken ct) =>
        {
            var query = ActivityQuery.FromUrl(from, to, person, company, kind, q, null);
            await using var rows = activity.ExportAsync(query, ct).GetAsyncEnumerator(ct);
            // The person is checked as the first row is read, before anything is written.
            if (await EndpointProblems.FirstRowAsync(http, rows, ct) is not bool more)
                return;
            await using var csv = Csv.Start(http, $"activity-{time.UtcNow():yyyy-MM-dd}.csv", separator);
            await csv.RowAsync("AtUtc", "Person", "ActingFor", "Company", "What", "Change", "Reason");
            for (; more; more = await rows.MoveNextAsync())
            {
                var r = rows.Current;
                await csv.RowAsync(r.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), r.Person,
                    r.ActingFor, r.CompanyName, r.Action, string.Join("; ", r.Changes.Select(c => $"{c.Field}: {c.Before} → {c.After}")), r.Reason);
            }
        }).RequireAuthorization();
}
