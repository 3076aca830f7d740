using System.Globalization;

namespace AdminConsole.Infrastructure;

/// <summary>
/// Amounts as the reader's language writes them, in the currency the partner bills in: 1.234,50 kr. for a Danish
/// reader, 59,00 € in German, 1,234.50 kr. in English.
/// </summary>
public static class Money
{
    public const string Default = "DKK";

    public static readonly IReadOnlyList<string> Currencies = ["DKK", "NOK", "EUR"];

    public static bool IsSupported(string? currency) => Currencies.Contains(currency);

    public static string Format(decimal amount, string currency, int decimals = 2)
    {
        var format = (NumberFormatInfo)CultureInfo.CurrentCulture.NumberFormat.Clone();
        format.CurrencySymbol = Symbol(currency);
        format.CurrencyDecimalDigits = decimals;
        return amount.ToString("C", format);
    }

    private static string Symbol(string currency) => currency switch
    {
        "DKK" => "kr.",
        "NOK" => "kr",
        "EUR" => "€",
        _ => currency,
    };
}
