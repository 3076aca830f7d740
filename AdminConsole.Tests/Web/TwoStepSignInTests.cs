using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AdminConsole.Account;
using AdminConsole.Data;
using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Web;

/// <summary>
/// Two-step sign-in through the real forms on a real Kestrel: a partner that requires it, enrolment with an
/// authenticator app (codes computed here from the shown key at a controlled time), recovery codes, lockout.
/// </summary>
public sealed partial class TwoStepSignInTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = Fake.Now();
    private ConsoleApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync(listen: true, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await using var db = _app.Db();
        await db.Partners.Where(p => p.Name == DemoData.Nordtal).ExecuteUpdateAsync(p => p.SetProperty(x => x.RequireTwoStep, true));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Codes_follow_RFC_6238()
    {
        var secret = "12345678901234567890"u8.ToArray();   // the RFC's SHA-1 test key
        Assert.Equal("287082", AuthenticatorCodes.Code(secret, 59 / 30));
        Assert.Equal("081804", AuthenticatorCodes.Code(secret, 1111111109 / 30));
    }

    [Fact]
    public async Task Staff_of_a_partner_that_requires_it_reach_nothing_until_they_set_up_an_app_then_sign_in_with_a_code()
    {
        using var web = new WebSession(_app.BaseUrl);
        var (response, html) = await web.SignInAsync(Demo.Admin, Demo.Password, "/companies");
        Assert.Equal("/account/security", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Two-step sign-in is required for your account", html);

        // Nothing of the console answers a restricted session: pages go back to enrolment, a download is refused.
        var (_, companies) = await web.GetAsync("companies");
        Assert.DoesNotContain("of 111 companies", companies);
        Assert.Contains("Two-step sign-in is required for your account", companies);
        var csv = await web.Http.GetAsync("companies.csv");
        Assert.NotEqual("text/csv", csv.Content.Headers.ContentType?.MediaType);

        var key = await StartAuthenticatorAsync(web);
        var (_, wrong) = await web.PostFormAsync("account/security", "confirm-authenticator", new() { ["Code"] = "000000" == CodeAt(key, 0) ? "111111" : "000000" });
        Assert.Contains("That code is not right", wrong);
        var (_, on) = await web.PostFormAsync("account/security", "confirm-authenticator", new() { ["Code"] = CodeAt(key, 0) });
        Assert.Contains("The authenticator app is on.", on);
        Assert.Equal(TwoStepService.RecoveryCodeCount, RecoveryCodes(on).Count);

        (_, companies) = await web.GetAsync("companies");
        Assert.Contains("of 111 companies", companies);

        await using (var db = _app.Db())
        {
            var admin = await db.Users.SingleAsync(u => u.Email == Demo.Admin);
            Assert.True(admin.TwoFactorEnabled);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.ActorUserId == admin.Id && a.Action == "person.two-step-added"));
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == Demo.Admin);
            Assert.Contains("An authenticator app was added to your sign-in.", mail.Body);
        }

        // Next sign-in: the password, then a code. The code just used is not accepted again.
        using var next = new WebSession(_app.BaseUrl);
        (response, _) = await next.SignInAsync(Demo.Admin, Demo.Password, "/companies");
        Assert.Equal("/account/two-step", response.RequestMessage!.RequestUri!.AbsolutePath);
        var path = response.RequestMessage.RequestUri.PathAndQuery.TrimStart('/');
        var (_, replay) = await next.PostFormAsync(path, "authenticator", new() { ["Input.Code"] = CodeAt(key, 0) });
        Assert.Contains("That code is not right", replay);
        _clock.Advance(TimeSpan.FromSeconds(30));
        (response, html) = await next.PostFormAsync(path, "authenticator", new() { ["Input.Code"] = CodeAt(key, 0) });
        Assert.Equal("/companies", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("of 111 companies", html);
    }

    [Fact]
    public async Task A_recovery_code_works_once_is_stored_only_as_a_hash_and_its_use_is_audited_and_mailed()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var key = await StartAuthenticatorAsync(web);
        var (_, on) = await web.PostFormAsync("account/security", "confirm-authenticator", new() { ["Code"] = CodeAt(key, 0) });
        var codes = RecoveryCodes(on);

        await using (var db = _app.Db())
        {
            var stored = await db.UserTokens.Where(t => t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync();
            Assert.DoesNotContain(codes[0], stored!, StringComparison.OrdinalIgnoreCase);
        }

        using var phoneLost = new WebSession(_app.BaseUrl);
        await phoneLost.SignInAsync(Demo.Admin, Demo.Password);
        var (response, html) = await phoneLost.PostFormAsync("account/two-step?recovery=1", "recovery", new() { ["Input.Code"] = codes[0] });
        Assert.Equal("/companies", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("of 111 companies", html);

        using var again = new WebSession(_app.BaseUrl);
        await again.SignInAsync(Demo.Admin, Demo.Password);
        (_, html) = await again.PostFormAsync("account/two-step?recovery=1", "recovery", new() { ["Input.Code"] = codes[0] });
        Assert.Contains("That recovery code is not right, or it was used already.", html);

        await using (var db = _app.Db())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "person.recovery-code-used"));
            var mail = await db.OutboxMessages.OrderBy(m => m.Id).LastAsync(m => m.To == Demo.Admin);
            Assert.Contains("A recovery code was used to sign in to your account. 9 codes are left", mail.Body);
        }
    }

    [Fact]
    public async Task Wrong_codes_at_the_second_step_lock_the_account_like_wrong_passwords()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var key = await StartAuthenticatorAsync(web);
        await web.PostFormAsync("account/security", "confirm-authenticator", new() { ["Code"] = CodeAt(key, 0) });
        _clock.Advance(TimeSpan.FromMinutes(1));

        using var guesser = new WebSession(_app.BaseUrl);
        await guesser.SignInAsync(Demo.Admin, Demo.Password);
        var right = CodeAt(key, 0);
        var html = "";
        for (var i = 0; i < 5; i++)
            (_, html) = await guesser.PostFormAsync("account/two-step", "authenticator", new() { ["Input.Code"] = right == "123456" ? "654321" : "123456" });
        Assert.Contains("This account is locked", html);

        // Locked: even the right code after a new password step is refused.
        using var owner = new WebSession(_app.BaseUrl);
        var (_, login) = await owner.SignInAsync(Demo.Admin, Demo.Password);
        Assert.Contains("This account is locked", login);
    }

    [Fact]
    public async Task Wrong_codes_cannot_be_spread_over_fresh_password_steps()
    {
        using var web = new WebSession(_app.BaseUrl);
        await web.SignInAsync(Demo.Admin, Demo.Password);
        var key = await StartAuthenticatorAsync(web);
        await web.PostFormAsync("account/security", "confirm-authenticator", new() { ["Code"] = CodeAt(key, 0) });
        _clock.Advance(TimeSpan.FromMinutes(1));
        var wrong = CodeAt(key, 0) == "123456" ? "654321" : "123456";

        var html = "";
        for (var round = 0; round < 2; round++)
        {
            using var guesser = new WebSession(_app.BaseUrl);   // a right password each round
            var (response, _) = await guesser.SignInAsync(Demo.Admin, Demo.Password);
            Assert.Equal("/account/two-step", response.RequestMessage!.RequestUri!.AbsolutePath);
            // Three wrong codes, then (after a fresh password) two more: five from this address lock it out.
            for (var i = 0; i < (round == 0 ? 3 : 2); i++)
                (_, html) = await guesser.PostFormAsync("account/two-step", "authenticator", new() { ["Input.Code"] = wrong });
        }
        Assert.Contains("This account is locked", html);
    }

    [Fact]
    public async Task Turning_the_requirement_on_signs_out_staff_without_a_second_step()
    {
        await using (var db = _app.Db())
            await db.Partners.Where(p => p.Name == DemoData.Nordtal).ExecuteUpdateAsync(p => p.SetProperty(x => x.RequireTwoStep, false));
        using var employee = new WebSession(_app.BaseUrl);
        await employee.SignInAsync(Demo.Employee, Demo.Password);
        Assert.Contains("of ", (await employee.GetAsync("companies")).Html);

        var team = await _app.ServiceAsAsync<AdminConsole.Team.TeamService>(Demo.Legal);
        var settings = (await team.GetAsync()).Settings;
        await team.SaveSettingsAsync(settings with { RequireTwoStep = true });

        var page = await employee.Http.GetAsync("companies");
        Assert.Equal("/account/login", page.RequestMessage!.RequestUri!.AbsolutePath);
        var (response, _) = await employee.SignInAsync(Demo.Employee, Demo.Password);
        Assert.Equal("/account/security", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Only_a_legal_representative_changes_the_requirement()
    {
        var team = await _app.ServiceAsAsync<AdminConsole.Team.TeamService>(Demo.Admin);
        var settings = (await team.GetAsync()).Settings;
        await Assert.ThrowsAsync<AdminConsole.Infrastructure.ForbiddenProblem>(() => team.SaveSettingsAsync(settings with { RequireTwoStep = false }));
    }

    private static async Task<string> StartAuthenticatorAsync(WebSession web)
    {
        var (_, html) = await web.PostFormAsync("account/security", "start-authenticator", []);
        return WebUtility.HtmlDecode(KeyText().Match(html).Groups[1].Value).Replace(" ", "");
    }

    private string CodeAt(string key, int steps) =>
        AuthenticatorCodes.Code(Base32(key), AuthenticatorCodes.StepAt(_clock.GetUtcNow()) + steps);

    /// <summary>The key as the app reads it (independent of the console's own decoder).</summary>
    private static byte[] Base32(string key)
    {
        var bits = string.Concat(key.ToUpperInvariant().Select(c => Convert.ToString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    private static List<string> RecoveryCodes(string html) =>
        CodeItems().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex KeyText();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex CodeItems();
}
