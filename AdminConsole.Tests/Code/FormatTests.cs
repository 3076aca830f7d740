using AdminConsole.Infrastructure;

namespace AdminConsole.Tests.Code;

/// <summary>Dates and money as each language writes them, in the currency the partner bills in.</summary>
public sealed class FormatTests
{
    private static readonly DateTime Day = new(2026, 11, 24, 14, 5, 0);

    [Theory]
    [InlineData("da", "24.11.2026", 1234.5, "DKK", "1.234,50 kr.")]
    [InlineData("nb", "24.11.2026", 1234.5, "NOK", "kr 1\u00a0234,50")]
    [InlineData("de", "24.11.2026", 59, "EUR", "59,00 €")]
    [InlineData("en", "2026-11-24", 1234.5, "DKK", "1,234.50 kr.")]
    [InlineData("en", "2026-11-24", 59, "EUR", "59.00 €")]
    public void Each_language_writes_dates_and_amounts_its_own_way(string language, string date, decimal amount, string currency,
        string money)
    {
        using var _ = Languages.Speak(Languages.Culture(language));
        Assert.Equal(date, Day.ToString("d"));
        Assert.Equal(money, Money.Format(amount, currency));
    }

    [Fact]
    public void English_uses_a_24_hour_clock_and_no_am_pm()
    {
        using var _ = Languages.Speak(Languages.Culture("en"));
        Assert.Equal("2026-11-24 14:05", Day.ToString("g"));
    }

    [Fact]
    public void A_csv_follows_the_readers_decimal_mark()
    {
        using (Languages.Speak(Languages.Culture("de")))
            Assert.True(Csv.DecimalComma);
        using (Languages.Speak(Languages.Culture("en")))
            Assert.False(Csv.DecimalComma);
    }
}
