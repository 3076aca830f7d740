using AdminConsole.Infrastructure;

namespace AdminConsole.Companies;

public static class CompanyExportEndpoint
{
    /// <summary>
    /// GET /companies/{id}/export.csv[?separator=semicolon]: one client's data (details, subscription, administrators with
    /// their rights, users), for whoever holds "Export data" in it.
    /// </summary>
    public static void MapCompanyExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/companies/{id:int}/export.csv", async (int id, string? separator, HttpContext http,
            CompanyService companies, CancellationToken ct) =>
        {
            IReadOnlyList<ExportLine> lines;
            try
            {
                lines = await companies.ExportCompanyAsync(id, ct);
            }
            catch (Exception e) when (EndpointProblems.IsRefusal(e))
            {
                await EndpointProblems.AnswerAsync(http, e, ct);
                return;
            }
            await using var csv = Csv.Start(http, $"company-{id}.csv", separator);
            await csv.RowAsync("Section", "Field", "Value");
            foreach (var line in lines)
                await csv.RowAsync(line.Section, line.Field, line.Value);
        }).RequireAuthorization();
}
