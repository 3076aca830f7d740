using System.Globalization;
using System.Text;

namespace AdminConsole.Infrastructure;

/// <summary>
/// A CSV download written row by row as the data arrives: UTF-8 with a BOM (so Excel reads it), separated as the
/// reader's language expects (semicolons and decimal commas in Danish, Norwegian and German, as Excel there reads
/// them; commas in English) unless ?separator=comma or ?separator=semicolon says otherwise. Cells never carry control
/// characters or start a formula.
/// </summary>
public sealed class Csv : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly char _separator;

    public CultureInfo Culture { get; }

    private Csv(HttpResponse response, bool semicolon)
    {
        _separator = semicolon ? ';' : ',';
        Culture = !semicolon ? CultureInfo.InvariantCulture : DecimalComma ? CultureInfo.CurrentCulture : Languages.Culture("da");
        _writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    public static Csv Start(HttpContext http, string fileName, string? separator)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return new Csv(http.Response, separator?.ToLowerInvariant() switch
        {
            "semicolon" => true,
            "comma" => false,
            _ => DecimalComma,
        });
    }

    /// <summary>Whether the reader's language writes 1,5 (and so its Excel separates with semicolons).</summary>
    public static bool DecimalComma => CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator == ",";

    public Task RowAsync(params string?[] cells) =>
        _writer.WriteLineAsync(string.Join(_separator, cells.Select(c => Cell(c ?? ""))));

    private string Cell(string value)
    {
        value = TextRules.CsvSafe(value);
        return value.Contains(_separator) || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
