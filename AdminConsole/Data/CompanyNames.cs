using System.Globalization;

namespace AdminConsole.Data;

/// <summary>Realistic Danish, Norwegian and German company names and numbers, deterministic for a given seed.</summary>
public sealed class CompanyNames(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] DanishFirst =
        ["Hansen", "Jensen", "Nielsen", "Pedersen", "Sørensen", "Kristensen", "Vestjysk", "Fyns", "Limfjord", "Skagen",
         "Aarhus", "Odense", "Himmerlands", "Kolding", "Bornholms", "Møllers", "Søndergaard", "Nordisk", "Ærø", "Amager"];
    private static readonly string[] DanishTrade =
        ["Byg", "El-service", "Auto", "VVS", "Tømrerfirma", "Malerfirma", "Bageri", "Revision", "Transport", "Handel",
         "Kaffebrænderi", "Rengøring", "Blomster", "Smedie", "Tandklinik", "Consult", "Vinhandel", "Isenkram"];
    private static readonly string[] NorwegianFirst =
        ["Berg", "Fjord", "Nordlys", "Trønder", "Vestland", "Lofoten", "Hardanger", "Haugen", "Johansen", "Larsen",
         "Bakke", "Solberg", "Østfold", "Tromsø", "Sunnmøre", "Ålesund"];
    private static readonly string[] NorwegianTrade =
        ["Bygg", "Elektro", "Rør", "Regnskap", "Transport", "Fisk", "Eiendom", "Maskin", "Snekkeri", "Handel", "Bakeri"];
    private static readonly string[] GermanFirst =
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hamburger", "Bayerische", "Rhein", "Schwarzwald",
         "Berliner", "Alpen", "Köhler", "Großmann"];
    private static readonly string[] GermanTrade =
        ["Bau", "Elektrotechnik", "Logistik", "Handel", "Beratung", "Maschinenbau", "Bäckerei", "Steuerberatung",
         "Sanitär", "Druckerei", "Möbelwerk"];

    public (string Name, string OrganisationNumber, string Country) Next(string country) => country switch
    {
        "NO" => ($"{Pick(NorwegianFirst)} {Pick(NorwegianTrade)} {Pick(["AS", "AS", "ASA", "DA"])}",
            (900_000_000 + _random.Next(0, 99_999_999)).ToString(CultureInfo.InvariantCulture), "NO"),
        "DE" => ($"{Pick(GermanFirst)} {Pick(GermanTrade)} {Pick(["GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG"])}",
            $"HRB {_random.Next(10_000, 999_999)}", "DE"),
        _ => ($"{Pick(DanishFirst)} {Pick(DanishTrade)} {Pick(["ApS", "ApS", "A/S", "I/S", "IVS"])}",
            _random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture), "DK"),
    };

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
    public int NextInt(int min, int max) => _random.Next(min, max);
}
