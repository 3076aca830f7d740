using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Tests.Support;

/// <summary>
/// A real console on its own SQLite file (a copy of a demo database seeded once per run), optionally
/// listening on a real Kestrel port on loopback.
/// </summary>
public sealed class ConsoleApp : IAsyncDisposable
{
    private ConsoleApp(WebApplication app, string databasePath)
    {
        App = app;
        DatabasePath = databasePath;
    }

    public WebApplication App { get; }
    public string DatabasePath { get; }
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => App.Services;

    /// <param name="listen">Start the host on a free loopback port; background services (the outbox) run only then.</param>
    /// <param name="settings">Extra settings as "Key=value", e.g. "Smtp:Host=127.0.0.1".</param>
    /// <param name="databasePath">An existing database (a restart); otherwise a fresh copy of the demo database.</param>
    public static async Task<ConsoleApp> StartAsync(bool listen = false, Action<WebApplicationBuilder>? configure = null,
        bool demo = true, IEnumerable<string>? settings = null, string? databasePath = null)
    {
        var (database, path) = databasePath is not null
            ? (TestDatabase.SettingsFor(databasePath), databasePath)
            : await TestDatabase.CreateAsync(demo);
        try
        {
            return await StartOnAsync(database, path, listen, configure, settings);
        }
        catch when (databasePath is null)
        {
            await TestDatabase.DropAsync(path);   // a start that failed leaves no copy behind
            throw;
        }
    }

    private static async Task<ConsoleApp> StartOnAsync(string[] database, string path, bool listen,
        Action<WebApplicationBuilder>? configure, IEnumerable<string>? settings)
    {
        var url = $"http://127.0.0.1:{(listen ? Loopback.FreePort() : 0)}";
        var app = ConsoleHost.Build(
            // No waiting after wrong passwords (SignInThrottleTests check the delays); a test can set it back.
            database.Concat(["--Demo:Seed=false", $"--Urls={url}", $"--PublicBaseUrl={url}", "--Security:SignInDelayMilliseconds=0"])
                .Concat((settings ?? []).Select(s => "--" + s)).ToArray(),
            builder =>
            {
                builder.Services.AddScoped<TestIdentity>();
                builder.Services.AddScoped<ICurrentActor, TestCurrentActor>();
                configure?.Invoke(builder);
            });
        var console = new ConsoleApp(app, path);
        await ConsoleHost.PrepareAsync(app);
        if (listen)
        {
            await app.StartAsync();
            console.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
                .Addresses.First().TrimEnd('/') + "/";
        }
        return console;
    }

    /// <summary>A scope whose services act as the given demo person (by e-mail), as a circuit of theirs would.</summary>
    public async Task<AsyncServiceScope> AsAsync(string email)
    {
        var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
                   ?? throw new InvalidOperationException($"No user {email}");
        scope.ServiceProvider.GetRequiredService<TestIdentity>().UserId = user.Id;
        return scope;
    }

    public async Task<T> ServiceAsAsync<T>(string email) where T : notnull =>
        (await AsAsync(email)).ServiceProvider.GetRequiredService<T>();

    /// <summary>Assigns a partner employee to a client (employees reach only the clients assigned to them).</summary>
    public async Task AssignAsync(string email, int companyId)
    {
        await using var db = Db();
        var user = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        if (!await db.ClientAssignments.AnyAsync(a => a.UserId == user && a.CompanyId == companyId))
            db.ClientAssignments.Add(new ClientAssignment { UserId = user, CompanyId = companyId, AssignedByName = "Test" });
        await db.SaveChangesAsync();
    }

    public AppDbContext Db() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Stops the app but keeps its database, for a restart on the same file.</summary>
    public async Task StopAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // already stopped
        }
        await TestDatabase.DropAsync(DatabasePath);
    }
}

/// <summary>Which person a service-test scope acts as; null falls back to the real sign-in (browser tests).</summary>
public sealed class TestIdentity
{
    public string? UserId { get; set; }
}

public sealed class TestCurrentActor(TestIdentity identity, IServiceProvider services,
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
    : ICurrentActor
{
    private readonly CurrentActor _real = new(services, dbFactory, time, l);

    public async Task<Actor> GetAsync(CancellationToken ct = default) => identity.UserId is { } id
        ? await CurrentActor.LoadAsync(dbFactory, time, id, ct) ?? throw new SessionEndedException("no such user")
        : await _real.GetAsync(ct);
}

public static class Demo
{
    public const string Legal = "legal@nordtal.example";
    public const string Admin = "admin@nordtal.example";
    public const string Employee = "employee@nordtal.example";
    public const string Rackbeat = "support@rackbeat.example";
    public const string Fjord = "admin@fjordregnskap.example";
    public const string Superuser = "superuser@bageriet.example";
    public const string Operator = "operator@adminconsole.example";
    public const string Password = "Demo-2026!";
}
