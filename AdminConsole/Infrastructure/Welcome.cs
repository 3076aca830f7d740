using AdminConsole.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AdminConsole.Infrastructure;

/// <summary>Tells whoever ran `dotnet run` where to sign in and with which demo accounts.</summary>
public static class Welcome
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                        ?? [];
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var settings = app.Services.GetRequiredService<OperatorSettingsFile>().Path;
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine("AdminConsole is running.");
        foreach (var address in addresses)
            w.WriteLine($"  Sign in at: {address.TrimEnd('/')}/account/login");
        w.WriteLine($"  Settings:   {settings ?? "(content root appsettings.json)"}");
        if (demo.Seed)
        {
            w.WriteLine($"  Demo sign-ins (password for all: {demo.Password}):");
            foreach (var a in DemoData.Accounts)
                w.WriteLine($"    {a.Email,-34} {a.Role,-22} {a.Partner}");
            using var db = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContext();
            var bakery = db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => (int?)c.Id).FirstOrDefault();
            if (bakery is not null && addresses.FirstOrDefault() is { } first)
                w.WriteLine($"  Customer portal of {DemoData.SuperuserCompany}: {first.TrimEnd('/')}/portal/{bakery}/login " +
                            $"as {DemoData.PortalOrdererEmail} (same password)");
        }
        w.WriteLine("Press Ctrl+C to stop.");
        w.WriteLine();
    }
}
