using System.Buffers;
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
    // Rows gather in one pooled buffer that goes out in blocks of about 32,000 characters: one write per few hundred
    // rows, no string per row or per cell.
    private const int FlushAt = 32 * 1024;
    private readonly StreamWriter _writer;
    private readonly char _separator;
    private char[] _buffer = ArrayPool<char>.Shared.Rent(FlushAt * 2);
    private int _used;

    public CultureInfo Culture { get; }

    private Csv(HttpResponse response, bool semicolon)
    {
        _separator = semicolon ? ';' : ',';
        Culture = !semicolon ? CultureInfo.InvariantCulture : DecimalComma ? CultureInfo.CurrentCulture : Languages.Culture("da");
        _writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), FlushAt * 2);
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

    public ValueTask RowAsync(params string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                Append(_separator);
            Cell(cells[i] ?? "");
        }
        Append(Environment.NewLine);
        return _used >= FlushAt ? FlushAsync() : ValueTask.CompletedTask;
    }

    private void Cell(string value)
    {
        value = TextRules.CsvSafe(value);
        if (value.AsSpan().IndexOfAny(_separator, '"') < 0)
        {
            Append(value);
            return;
        }
        Append('"');
        foreach (var part in value.Split('"'))
        {
            Append(part);
            Append("\"\"");
        }
        _used -= 2;   // the quote doubled after the last part
        Append('"');
    }

    private void Append(char c)
    {
        Reserve(1);
        _buffer[_used++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_used));
        _used += text.Length;
    }

    private void Reserve(int more)
    {
        if (_used + more <= _buffer.Length)
            return;
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + more));
        _buffer.AsSpan(0, _used).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private async ValueTask FlushAsync()
    {
        await _writer.WriteAsync(_buffer.AsMemory(0, _used));
        _used = 0;
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        await _writer.DisposeAsync();
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }
}
