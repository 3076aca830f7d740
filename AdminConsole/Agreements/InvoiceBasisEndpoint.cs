using System.Globalization;
using System.Text;
using AdminConsole.Infrastructure;

namespace AdminConsole.Agreements;

public static class InvoiceBasisEndpoint
{
    /// <summary>
    /// GET /agreements/{id}/invoice-basis.csv[?separator=semicolon]: UTF-8 (with BOM, for Excel), written line by line
    /// as the database yields them. Semicolons and decimal commas suit Nordic Excel.
    /// </summary>
    public static void MapInvoiceBasis(this IEndpointRouteBuilder app) =>
        app.MapGet("/agreements/{id:int}/invoice-basis.csv", async (int id, string? separator, HttpContext http,
            AgreementService agreements, CancellationToken ct) =>
        {
            var nordic = string.Equals(separator, "semicolon", StringComparison.OrdinalIgnoreCase);
            var sep = nordic ? ';' : ',';
            var culture = nordic ? CultureInfo.GetCultureInfo("da-DK") : CultureInfo.InvariantCulture;
            await using var lines = agreements.InvoiceBasisAsync(id, ct).GetAsyncEnumerator(ct);
            bool first;
            try
            {
                first = await lines.MoveNextAsync();  // authorization happens here, before anything is written
            }
            catch (ConsoleProblem problem)
            {
                http.Response.StatusCode = problem is ForbiddenProblem ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
                await http.Response.WriteAsync(problem.Message, ct);
                return;
            }
            catch (SessionEndedException ended)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await http.Response.WriteAsync(ended.Message, ct);
                return;
            }

            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition =
                $"attachment; filename=\"{agreements.InvoiceFileName(first ? lines.Current.CustomerNumber : "empty")}\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await writer.WriteLineAsync(string.Join(sep, "CustomerNumber", "Description", "Quantity", "UnitPrice", "Amount"));
            var total = 0m;
            var name = "";
            for (var more = first; more; more = await lines.MoveNextAsync())
            {
                var l = lines.Current;
                name = l.CustomerNumber;
                total += l.Amount;
                await writer.WriteLineAsync(string.Join(sep, Field(l.CustomerNumber, sep), Field(l.Description, sep),
                    l.Quantity.ToString(culture), l.UnitPrice.ToString("0.00", culture), l.Amount.ToString("0.00", culture)));
            }
            await writer.WriteLineAsync(string.Join(sep, Field(name, sep), "Total", "", "", total.ToString("0.00", culture)));
        }).RequireAuthorization();

    private static string Field(string value, char sep)
    {
        value = TextRules.CsvSafe(value);
        return value.Contains(sep) || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
