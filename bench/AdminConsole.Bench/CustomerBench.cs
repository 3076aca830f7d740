using System.Diagnostics;
using AdminConsole;
using AdminConsole.Account;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Live;
using AdminConsole.PortalUsers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The customer register of the demo bakery (20,000 customers): p50/p95 of <see cref="PortalUserService.SearchCustomersAsync"/>
/// as the bakery's superuser, paged and searched as the Customers section asks.
/// </summary>
public static class CustomerBench
{
    public static async Task RunAsync(WebApplication app, IDbContextFactory<AppDbContext> factory, int iterations)
    {
        int bakery;
        await using (var db = await factory.CreateDbContextAsync())
            bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        var service = await Bench.ServiceAsAsync<PortalUserService>(app, "superuser@bageriet.example");

        Console.WriteLine($"Customer register of {DemoData.SuperuserCompany}; {iterations} runs each; times in ms.");
        Console.WriteLine($"{"query",-34} {"rows",7} {"p50",7} {"p95",7}");
        foreach (var (name, term, page) in new (string, string?, int)[]
                 {
                     ("page 1 by name", null, 1), ("deep page (400 of 800)", null, 400), ("last page", null, 800),
                     ("number '10002' (prefix)", "10002", 1), ("name 'nordlys'", "nordlys", 1), ("name 'hansen' (many)", "hansen", 1),
                 })
        {
            for (var i = 0; i < 5; i++) await service.SearchCustomersAsync(bakery, term, page);
            var times = new List<double>();
            var total = 0;
            for (var i = 0; i < iterations; i++)
            {
                var sw = Stopwatch.StartNew();
                total = (await service.SearchCustomersAsync(bakery, term, page)).Total;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            var sorted = times.Order().ToList();
            Console.WriteLine($"{name,-34} {total,7} {sorted[sorted.Count / 2],7:F1} {sorted[(int)(sorted.Count * 0.95) - 1],7:F1}");
        }
    }
}
