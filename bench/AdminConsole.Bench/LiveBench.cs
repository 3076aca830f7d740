using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AdminConsole.Auth;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Commit-to-delivery latency of live updates: N hub clients signed in as Nordtal's legal representative listen
/// on /hubs/live; a subscription change is saved (through the real service) and the time until every client
/// has the event is recorded. One node on SQLite; two nodes on PostgreSQL + Redis (clients on node B, change on A).
/// </summary>
public static class LiveBench
{
    public static async Task RunAsync(int rounds, string? postgres, string? redis, int[] counts)
    {
        Console.WriteLine($"Live updates, {rounds} changes each; ms from the save call to delivery at every client.");
        Console.WriteLine($"{"setup",-34} {"clients",7} {"p50",7} {"p99",7}");
        foreach (var clients in counts)
        {
            var db = Path.Combine(Path.GetTempPath(), $"live-bench-{Guid.NewGuid():N}.db");
            await using (var node = await StartAsync([$"--Database:ConnectionString=Data Source={db}"]))
                await MeasureAsync("one node (SQLite)", node, node, clients, rounds);
            File.Delete(db);
        }
        if (postgres is null || redis is null)
        {
            Console.WriteLine("two nodes: skipped (pass --postgres CONNECTION and --redis HOST:PORT)");
            return;
        }
        foreach (var clients in counts)
        {
            var name = $"live_bench_{Guid.NewGuid():N}";
            await using (var admin = new Npgsql.NpgsqlConnection(postgres + ";Database=postgres"))
            {
                await admin.OpenAsync();
                await new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
            }
            string[] settings = ["--Database:Provider=Postgres", $"--Database:ConnectionString={postgres};Database={name}",
                $"--LiveUpdates:Redis={redis}"];
            await using (var a = await StartAsync(settings))
            await using (var b = await StartAsync(settings))
                await MeasureAsync("two nodes (PostgreSQL + Redis)", a, b, clients, rounds);
        }
    }

    private static async Task<WebApplication> StartAsync(string[] settings)
    {
        var app = ConsoleHost.Build([.. settings, "--Demo:Seed=true", "--Urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await ConsoleHost.PrepareAsync(app);
        await app.StartAsync();
        return app;
    }

    private static string Url(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    private static async Task MeasureAsync(string setup, WebApplication changeNode, WebApplication clientNode, int clients, int rounds)
    {
        var cookies = await SignInAsync(Url(clientNode), "legal@nordtal.example", "Demo-2026!");
        var received = new CountdownEvent(0);
        var connections = new List<HubConnection>();
        for (var i = 0; i < clients; i++)
        {
            var hub = new HubConnectionBuilder().WithUrl(Url(clientNode) + "hubs/live", o => o.Cookies = cookies).Build();
            hub.On<ChangeEvent>(nameof(ILiveClient.Changed), _ => received.Signal());
            await hub.StartAsync();
            connections.Add(hub);
        }

        var factory = changeNode.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        int company;
        await using (var db = await factory.CreateDbContextAsync())
            company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var service = await Bench.ServiceAsAsync<SubscriptionService>(changeNode, "admin@nordtal.example");

        var times = new List<double>();
        for (var round = 0; round < rounds + 5; round++)
        {
            var status = await service.GetAsync(company);
            received.Reset(clients);
            var clock = Stopwatch.StartNew();
            await service.ChangeAsync(company, new SubscriptionChange(
                status.Current with { Plan = status.Current.Plan == Plan.Plus ? Plan.Small : Plan.Plus }, status.Version));
            if (!received.Wait(TimeSpan.FromSeconds(10)))
                throw new TimeoutException($"Only {clients - received.CurrentCount} of {clients} clients heard the change.");
            if (round >= 5)  // the first rounds warm up
                times.Add(clock.Elapsed.TotalMilliseconds);
        }
        foreach (var hub in connections)
            await hub.DisposeAsync();
        // Let the node finish each disconnect before it is disposed, so nothing runs on a disposed host.
        var open = clientNode.Services.GetRequiredService<LiveConnections>();
        for (var wait = 0; open.Count > 0 && wait < 100; wait++)
            await Task.Delay(100);
        times.Sort();
        double P(int p) => times[Math.Clamp((int)Math.Ceiling(p / 100.0 * times.Count) - 1, 0, times.Count - 1)];
        Console.WriteLine($"{setup,-34} {clients,7} {P(50),7:F1} {P(99),7:F1}");
    }

    private static async Task<CookieContainer> SignInAsync(string baseUrl, string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(baseUrl) };
        // The sign-in form only (the page also holds the passkey form, with its own hidden fields).
        var form = (await http.GetStringAsync("account/login")).Split("<form").First(f => f.Contains("Input.Email"));
        var fields = Regex.Matches(form, "<input[^>]*type=\"hidden\"[^>]*name=\"(?<n>[^\"]+)\"[^>]*value=\"(?<v>[^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["n"].Value), m => WebUtility.HtmlDecode(m.Groups["v"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        (await http.PostAsync("account/login", new FormUrlEncodedContent(fields))).EnsureSuccessStatusCode();
        return cookies;
    }
}
