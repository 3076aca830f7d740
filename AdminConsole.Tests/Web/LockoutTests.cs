using AdminConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Web;

/// <summary>
/// Lockout is no free denial of service: wrong passwords from one address lock that address out; the owner at
/// another address (here told apart by X-Forwarded-For from the configured proxy) still signs in.
/// </summary>
public sealed class LockoutTests
{
    [Fact]
    public async Task Guessing_from_one_address_locks_that_address_out_while_the_owner_elsewhere_signs_in()
    {
        await using var app = await ConsoleApp.StartAsync(listen: true, settings: ["ForwardedHeaders:KnownProxies:0=127.0.0.1"]);
        using var attacker = new WebSession(app.BaseUrl);
        attacker.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        for (var i = 0; i < 6; i++)
            await attacker.SignInAsync(Demo.Operator, "wrong-password");
        var (_, attackerWithRightPassword) = await attacker.SignInAsync(Demo.Operator, Demo.Password);
        Assert.Contains("This account is locked", attackerWithRightPassword);

        using var owner = new WebSession(app.BaseUrl);
        owner.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        var (response, html) = await owner.SignInAsync(Demo.Operator, Demo.Password, "/companies");
        Assert.DoesNotContain("This account is locked", html);
        Assert.Equal("/companies", response.RequestMessage!.RequestUri!.AbsolutePath);
        await using var db = app.Db();
        Assert.Null(await db.Users.Where(u => u.Email == Demo.Operator).Select(u => u.LockoutEnd).SingleAsync());
    }
}
