using AdminConsole.Infrastructure;
using System.Text.Json;
using StackExchange.Redis;

namespace AdminConsole.Live;

public sealed class LiveUpdatesOptions
{
    /// <summary>A StackExchange.Redis configuration string ("localhost:6379"); empty for one node.</summary>
    public string Redis { get; set; } = "";

    /// <summary>How often open hub connections are re-checked against the database, in seconds.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3_600, ErrorMessage = "LiveUpdates:RevalidateSeconds must be between 1 and 3600.")]
    public int RevalidateSeconds { get; set; } = 15;
}

/// <summary>
/// Carries changes between nodes through Redis pub/sub: what this node publishes goes out, what other nodes
/// publish is delivered to this node's circuits. If Redis is unreachable the node keeps serving (its own
/// changes still reach its own consoles), says so in its health and log, and resumes when Redis is back.
/// </summary>
public sealed class RedisRelay(ChangeNotifier notifier, RedisConnection redis, ILogger<RedisRelay> log) : IHostedService
{
    private const string Channel = "adminconsole:changes";
    private readonly string _node = Guid.NewGuid().ToString("N");

    private sealed record Envelope(string Node, ChangeEvent Change);

    public async Task StartAsync(CancellationToken ct)
    {
        notifier.PublishedHere += Forward;
        await redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel), (_, message) =>
        {
            var envelope = JsonSerializer.Deserialize<Envelope>((string)message!);
            if (envelope is not null && envelope.Node != _node)
                notifier.DeliverFromElsewhere(envelope.Change);
        });
    }

    public Task StopAsync(CancellationToken ct)
    {
        notifier.PublishedHere -= Forward;
        return Task.CompletedTask;
    }

    private void Forward(ChangeEvent change)
    {
        try
        {
            redis.Multiplexer.GetSubscriber().Publish(RedisChannel.Literal(Channel),
                JsonSerializer.Serialize(new Envelope(_node, change)), CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            log.RedisPublishFailed(e.Message);
        }
    }
}

/// <summary>One Redis connection per node, which keeps reconnecting by itself (AbortOnConnectFail = false).</summary>
public sealed class RedisConnection : IDisposable
{
    public RedisConnection(string configuration, ILogger<RedisConnection> log)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        Options = options;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        Multiplexer.ConnectionFailed += (_, e) => log.RedisLost(e.FailureType.ToString());
        Multiplexer.ConnectionRestored += (_, _) => log.RedisRestored();
    }

    public ConfigurationOptions Options { get; }
    public IConnectionMultiplexer Multiplexer { get; }
    public void Dispose() => Multiplexer.Dispose();
}
