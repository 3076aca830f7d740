using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdminConsole.Data;

/// <summary>For `dotnet ef migrations add`: a context without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design.db")
            .UseApplicationServiceProvider(IdentitySchema.Services).Options);
}

/// <summary>
/// Identity reads its table layout from the options in the application's services; the running console sets
/// version 3 (passkeys) in ConsoleHost, and the design-time tools get the same from here.
/// </summary>
public static class IdentitySchema
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();
}
