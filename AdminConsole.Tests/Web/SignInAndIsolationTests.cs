using System.Net;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>The real sign-in form, cookie and pages on a Kestrel port on loopback.</summary>
public sealed class SignInAndIsolationTests : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    public async Task InitializeAsync() => _app = await ConsoleApp.StartAsync(listen: true);
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Pages_need_a_sign_in()
    {
        using var web = new WebSession(_app.BaseUrl);
        var response = await web.Http.GetAsync("companies?q=bageriet");
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("returnurl=%2fcompanies%3fq%3dbageriet", response.RequestMessage.RequestUri.Query.ToLowerInvariant());
    }

    [Fact]
    public async Task Signing_in_shows_the_partners_companies()
    {
        using var web = new WebSession(_app.BaseUrl);
        var (_, html) = await web.SignInAsync(Demo.Admin, Demo.Password, "/companies?q=bageriet");
        Assert.Contains(DemoData.SuperuserCompany, html);
        Assert.Contains(DemoData.Nordtal, html);
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_repeated_failures_lock_the_account()
    {
        using var web = new WebSession(_app.BaseUrl);
        var (_, first) = await web.SignInAsync(Demo.Fjord, "wrong-password");
        Assert.Contains("The e-mail or password is not correct.", first);

        for (var i = 0; i < 4; i++)
            await web.SignInAsync(Demo.Fjord, "wrong-password");
        var (_, locked) = await web.SignInAsync(Demo.Fjord, Demo.Password);
        Assert.Contains("This account is locked", locked);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("companies")).Status);
        Assert.DoesNotContain("Fjord", (await web.GetAsync("companies")).Html);
    }

    [Fact]
    public async Task Another_partners_company_url_shows_a_clear_not_found_without_its_data()
    {
        int nordtalCompany;
        await using (var db = _app.Db())
            nordtalCompany = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();

        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Fjord, Demo.Password);
        foreach (var path in new[] { $"companies/{nordtalCompany}", $"companies/{nordtalCompany}/settings/subscription" })
        {
            var (status, html) = await web.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("This company does not exist, or you have no access to it.", html);
            Assert.DoesNotContain(DemoData.SuperuserCompany, html);
            Assert.DoesNotContain("31415926", html);
        }
    }

    [Theory]
    [InlineData("companies/not-a-number")]
    [InlineData("companies/12/settings/x/y/z")]
    [InlineData("no/such/page")]
    public async Task A_malformed_url_shows_not_found_not_a_stack_trace(string path)
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var (status, html) = await web.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is nothing at this address", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task A_malformed_query_string_still_shows_the_list()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var (status, html) = await web.GetAsync("companies?page=abc&size=-1&sort=%27;drop&dir=up");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("of 111 companies", html);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var web = new WebSession(_app.BaseUrl);
        var (_, html) = await web.SignInAsync(Demo.Admin, Demo.Password, "/companies");
        var token = WebSession.LogoutToken(html);
        Assert.NotEmpty(token);
        var response = await web.SignOutAsync(token);
        Assert.Contains("You are signed out.", await response.Content.ReadAsStringAsync());
        Assert.Equal("/account/login", (await web.Http.GetAsync("companies")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
