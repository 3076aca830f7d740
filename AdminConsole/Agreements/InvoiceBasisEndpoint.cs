using AdminConsole.Infrastructure;

namespace AdminConsole.Agreements;

public static class InvoiceBasisEndpoint
{
    /// <summary>
    /// GET /agreements/{id}/invoice-basis.csv[?separator=comma|semicolon]: UTF-8 (with BOM, for Excel), written line by
    /// line as the database yields them, amounts in the partner's billing currency (the last column).
    /// </summary>
    public static void MapInvoiceBasis(this IEndpointRouteBuilder app) =>
        app.MapGet("/agreements/{id:int}/invoice-basis.csv", async (int id, string? separator, HttpContext http,
            AgreementService agreements, CancellationToken ct) =>
        {
            await using var lines = agreements.InvoiceBasisAsync(id, ct).GetAsyncEnumerator(ct);
            // The person is checked as the first row is read, before anything is written.
            if (await EndpointProblems.FirstRowAsync(http, lines, ct) is not bool first)
                return;

            await using var csv = Csv.Start(http, agreements.InvoiceFileName(first ? lines.Current.CustomerNumber : "empty"), separator);
            await csv.RowAsync("CustomerNumber", "Description", "Quantity", "UnitPrice", "Amount", "Currency");
            var total = 0m;
            var (name, currency) = ("", "");
            for (var more = first; more; more = await lines.MoveNextAsync())
            {
                var l = lines.Current;
                name = l.CustomerNumber;
                total += l.Amount;
                await csv.RowAsync(l.CustomerNumber, l.Description, l.Quantity.ToString(csv.Culture),
                    l.UnitPrice.ToString("0.00", csv.Culture), l.Amount.ToString("0.00", csv.Culture), l.Currency);
                currency = l.Currency;
            }
            await csv.RowAsync(name, "Total", "", "", total.ToString("0.00", csv.Culture), currency);
        }).RequireAuthorization();
}
