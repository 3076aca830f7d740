using System.Globalization;
using System.Text;

namespace AdminConsole.Infrastructure;

/// <summary>
/// A CSV download written row by row as the data arrives: UTF-8 with a BOM (so Excel reads it), commas, or with
/// ?separator=semicolon semicolons and decimal commas as Danish, Norwegian and German Excel expect. Cells never carry
/// control characters or start a formula.
/// </summary>
public sealed class Csv : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly char _separator;

    public CultureInfo Culture { get; }

    private Csv(HttpResponse response, bool semicolon)
    {
        _separator = semicolon ? ';' : ',';
        Culture = semicolon ? CultureInfo.GetCultureInfo("da-DK") : CultureInfo.InvariantCulture;
        _writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    public static Csv Start(HttpContext http, string fileName, string? separator)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return new Csv(http.Response, string.Equals(separator, "semicolon", StringComparison.OrdinalIgnoreCase));
    }

    public Task RowAsync(params string?[] cells) =>
        _writer.WriteLineAsync(string.Join(_separator, cells.Select(c => Cell(c ?? ""))));

    private string Cell(string value)
    {
        value = TextRules.CsvSafe(value);
        return value.Contains(_separator) || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
