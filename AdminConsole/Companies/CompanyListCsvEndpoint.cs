using AdminConsole.Infrastructure;

namespace AdminConsole.Companies;

public static class CompanyListCsvEndpoint
{
    /// <summary>
    /// GET /companies.csv?q=…&amp;sort=…&amp;dir=…[&amp;separator=semicolon]: the company list exactly as shown with that search
    /// and sort, all pages, streamed.
    /// </summary>
    public static void MapCompanyListCsv(this IEndpointRouteBuilder app) =>
        app.MapGet("/companies.csv", async (string? q, string? sort, string? dir, string? separator, HttpContext http,
            CompanyService companies, TimeProvider time, CancellationToken ct) =>
        {
            var query = CompanyListQuery.FromUrl(q, sort, dir, null, null);
            await using var rows = companies.ExportAsync(query, ct).GetAsyncEnumerator(ct);
            // The person is checked as the first row is read, before anything is written.
            if (await EndpointProblems.FirstRowAsync(http, rows, ct) is not bool more)
                return;
            await using var csv = Csv.Start(http, $"companies-{time.UtcNow():yyyy-MM-dd}.csv", separator);
            await csv.RowAsync("Name", "OrganisationNumber", "AgreementNumber", "Plan", "AgreementType", "CustomerAgreement",
                "ResellerOfRecord");
            for (; more; more = await rows.MoveNextAsync())
            {
                var r = rows.Current;
                await csv.RowAsync(r.Name, r.OrganisationNumber, r.AgreementNumber, r.Plan.ToString(), r.AgreementType.ToString(),
                    r.CustomerAgreement, r.PartnerName);
            }
        }).RequireAuthorization();
}
