using System.Text;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The company list as a CSV download: the rows the list shows, all pages, safe for spreadsheets.</summary>
public sealed class CsvExportTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true);
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(byte[] Bytes, string[] Lines, HttpResponseMessage Response)> DownloadAsync(string email, string url,
        string? language = null)
    {
        using var web = new WebSession(_app.BaseUrl);
        if (language is not null)
            web.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await web.SignInAsync(email, Demo.Password);
        var response = await web.Http.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return (bytes, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split('\n'))
            .Where(l => l.Length > 0).ToArray(), response);
    }

    [Fact]
    public async Task Every_row_of_the_list_in_utf8_with_a_bom_and_a_header()
    {
        var (bytes, lines, response) = await DownloadAsync(Demo.Admin, "companies.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Name,OrganisationNumber,AgreementNumber,Plan,AgreementType,CustomerAgreement,ResellerOfRecord", lines[0]);
        Assert.Equal(111, lines.Length - 1);   // all pages, not the 25 on screen
    }

    [Fact]
    public async Task The_search_and_sort_of_the_list_are_kept_and_semicolons_suit_nordic_excel()
    {
        var (_, lines, _) = await DownloadAsync(Demo.Admin, "companies.csv?q=bageriet&sort=plan&dir=desc&separator=semicolon");
        Assert.StartsWith("Name;OrganisationNumber;", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.StartsWith(DemoData.SuperuserCompany + ";31415926;", row);

        var (_, sorted, _) = await DownloadAsync(Demo.Admin, "companies.csv?sort=agreementnumber&dir=desc");
        var numbers = sorted[1..].Select(l => l.Split(',')[2]).ToList();
        Assert.Equal(numbers.OrderDescending(StringComparer.OrdinalIgnoreCase), numbers);
    }

    [Fact]
    public async Task A_long_download_keeps_every_row_whole_across_the_writers_blocks()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await using (var csv = AdminConsole.Infrastructure.Csv.Start(http, "long.csv", "semicolon"))
            for (var i = 0; i < 20_000; i++)
                await csv.RowAsync($"Firma {i}; \"citat\"", "Ø" + i, null);

        var lines = System.Text.Encoding.UTF8.GetString(body.ToArray()).TrimStart('\uFEFF').Split(Environment.NewLine);
        Assert.Equal(20_001, lines.Length);   // the last line ends with a newline too
        Assert.Equal("", lines[^1]);
        for (var i = 0; i < 20_000; i++)
            Assert.Equal($"\"Firma {i}; \"\"citat\"\"\";Ø{i};", lines[i]);
    }

    [Fact]
    public async Task A_cell_that_would_be_a_formula_is_neutralised()
    {
        await using (var db = _app.Db())
            await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, "=HYPERLINK(\"http://evil.example\")"));
        var (_, lines, _) = await DownloadAsync(Demo.Admin, "companies.csv?q=31415926");
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", lines[1]);
    }

    [Fact]
    public async Task One_clients_data_exports_for_those_holding_the_export_right_and_is_audited()
    {
        int bakery;
        await using (var db = _app.Db())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        var (_, lines, response) = await DownloadAsync(Demo.Admin, $"companies/{bakery}/export.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Section,Field,Value", lines[0]);
        Assert.Contains($"Company,Name,{DemoData.SuperuserCompany}", lines);
        Assert.Contains("Subscription,AgreementType,External", lines);
        Assert.Contains(lines, l => l.StartsWith("User,Lise Bogholder,lise@bogholderi.example", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Company,CustomerAgreement,", StringComparison.Ordinal));

        // Another partner gets nothing, and the export is in the audit trail.
        var (_, refused, denied) = await DownloadAsync(Demo.Fjord, $"companies/{bakery}/export.csv");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain(refused, l => l.Contains(DemoData.SuperuserCompany));
        await using var check = _app.Db();
        Assert.Contains(check.AuditEntries, a => a.Action == "company.exported" && a.CompanyId == bakery);
    }

    [Fact]
    public async Task An_enrolled_partner_gets_its_own_rows_without_the_owners_customer_agreement_and_nobody_else_gets_any()
    {
        var (_, lines, _) = await DownloadAsync(Demo.Rackbeat, "companies.csv");
        Assert.True(lines.Length > 1);
        Assert.All(lines[1..], l => Assert.Contains(",Nordtal Revision ApS", l));
        Assert.All(lines[1..], l => Assert.EndsWith(",,Nordtal Revision ApS", l));

        using var anonymous = new WebSession(_app.BaseUrl);
        var response = await anonymous.Http.GetAsync("companies.csv");
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_invoice_basis_follows_the_readers_language_unless_a_separator_is_picked()
    {
        int agreement;
        await using (var db = _app.Db())
            agreement = await db.CustomerAgreements.Where(a => a.Name == "Fjord Hovedavtale").Select(a => a.Id).SingleAsync();
        var url = $"agreements/{agreement}/invoice-basis.csv";

        var (_, norwegian, _) = await DownloadAsync(Demo.Fjord, url, "nb-NO");
        Assert.Equal("CustomerNumber;Description;Quantity;UnitPrice;Amount;Currency", norwegian[0]);
        Assert.Matches(@";\d+,\d\d;NOK$", norwegian[^1]);   // decimal comma, the partner's currency

        var (_, picked, _) = await DownloadAsync(Demo.Fjord, url + "?separator=comma", "nb-NO");
        Assert.Matches(@",\d+\.\d\d,NOK$", picked[^1]);

        var (_, english, _) = await DownloadAsync(Demo.Fjord, url, "en-GB");
        Assert.StartsWith("CustomerNumber,Description,", english[0]);
    }
}
