using System.Diagnostics;

namespace AdminConsole.Tests.Support;

/// <summary>A real Redis (Debian's redis-server) on a free loopback port, owned by one test; stoppable and restartable.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";
    private Process? _process;

    public int Port { get; } = Loopback.FreePort();
    public string Configuration => $"127.0.0.1:{Port}";
    public static bool Available => File.Exists(Binary);

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(Binary, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        if (!await Loopback.WaitForPortAsync(Port, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("redis-server did not start");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Needs PostgreSQL (at ADMINCONSOLE_TEST_POSTGRES or postgres/postgres on 127.0.0.1) and redis-server; says why when skipped.</summary>
public sealed class MultiNodeFactAttribute : FactAttribute
{
    public MultiNodeFactAttribute()
    {
        if (!RedisServer.Available)
            Skip = "redis-server is not installed (./test.sh installs Debian's redis-server when run as root).";
        else if (!TestDatabase.PostgresReachable())
            Skip = "No PostgreSQL server answers (./test.sh installs and starts Debian's postgresql when run as root).";
    }
}
