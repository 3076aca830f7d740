using AdminConsole.Data;
using AdminConsole.Live;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminConsole.Infrastructure;

/// <summary>
/// /health/live: the process answers. /health/ready: the database answers and writes (else 503); Redis, when configured,
/// reports Degraded while unreachable: the node still serves pages, only cross-node updates pause; the outbox reports
/// Degraded while an e-mail has waited longer than 15 minutes (no or a failing mail server); the disk of a SQLite
/// database reports Degraded below <c>Health:MinFreeDiskMegabytes</c> free, before saves start failing.
/// </summary>
public static class HealthChecks
{
    public static void AddConsoleHealthChecks(this IServiceCollection services, bool redis)
    {
        var checks = services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"])
            .AddCheck<DatabaseWriteCheck>("database writes", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"])
            .AddCheck<DiskHealthCheck>("disk", tags: ["ready"]);
        if (redis)
            checks.AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }

    public static void MapConsoleHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "text/plain";
                await http.Response.WriteAsync(string.Join("\n",
                    report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " – " + d : "")}")
                        .Prepend($"{report.Status}")));
            },
        });
    }

    private sealed class OutboxHealthCheck(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time) : IHealthCheck
    {
        private static readonly TimeSpan Late = TimeSpan.FromMinutes(15);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var before = time.UtcNow() - Late;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var late = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Queued && m.CreatedAt < before, ct);
            return late == 0
                ? HealthCheckResult.Healthy("no e-mail has waited longer than 15 minutes")
                : HealthCheckResult.Degraded($"{late} e-mail(s) have waited longer than 15 minutes: check the Smtp settings and the Outbox page");
        }
    }

    private sealed class DiskHealthCheck(IDbContextFactory<AppDbContext> dbFactory, IConfiguration config) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!db.Database.IsSqlite())
                return HealthCheckResult.Healthy("not checked: the PostgreSQL server's disk is watched there");
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var free = new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(file))!).AvailableFreeSpace / (1024 * 1024);
            var minimum = config.GetValue("Health:MinFreeDiskMegabytes", 1024L);
            return free >= minimum
                ? HealthCheckResult.Healthy($"{free} MB free beside the database")
                : HealthCheckResult.Degraded($"only {free} MB free beside the database (less than Health:MinFreeDiskMegabytes, {minimum} MB): free space before saves fail");
        }
    }

    private sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            Task.FromResult(redis.Multiplexer.IsConnected
                ? HealthCheckResult.Healthy("connected")
                : HealthCheckResult.Degraded("unreachable: live updates reach only this node's consoles"));
    }
}
