using System.Net;
using AdminConsole.Tests.Support;

namespace AdminConsole.Tests.Web;

/// <summary>The data-protection key ring lives in the database: a sign-in on one node holds on another and after a restart.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_cookie_issued_by_one_node_opens_pages_on_another_and_after_a_restart()
    {
        await using var a = await ConsoleApp.StartAsync(listen: true);
        using var web = new WebSession(a.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        await using (var db = a.Db())
            Assert.NotEmpty(db.DataProtectionKeys);   // the key ring is in the database, not in a node's folder

        var b = await ConsoleApp.StartAsync(listen: true, databasePath: a.DatabasePath);
        try
        {
            using var onB = new HttpClient(new HttpClientHandler { CookieContainer = web.Cookies, AllowAutoRedirect = false })
                { BaseAddress = new Uri(b.BaseUrl) };
            using var page = await onB.GetAsync("companies");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Companies", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            await b.StopAsync();
        }

        await a.StopAsync();
        await using var restarted = await ConsoleApp.StartAsync(listen: true, databasePath: a.DatabasePath);
        using var again = new HttpClient(new HttpClientHandler { CookieContainer = web.Cookies, AllowAutoRedirect = false })
            { BaseAddress = new Uri(restarted.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("companies")).StatusCode);
    }
}
