using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace AdminConsole.Tests.Support;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd, writing what it receives into a maildir.
/// It can be stopped and started again on the same port.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private Process? _process;
    private readonly string _maildir = Path.Combine(Path.GetTempPath(), $"adminconsole-mail-{Guid.NewGuid():N}");

    public int Port { get; } = Loopback.FreePort();

    public static bool Available =>
        File.Exists(Python) && Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"")
            { RedirectStandardError = true })!.WaitForExitAndGet() == 0;

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(Python,
            $"-m aiosmtpd -n -l 127.0.0.1:{Port} -c aiosmtpd.handlers.Mailbox {_maildir}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        if (!await Loopback.WaitForPortAsync(Port, TimeSpan.FromSeconds(15)))
            throw new InvalidOperationException("aiosmtpd did not start: " + await _process.StandardError.ReadToEndAsync());
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

    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(_maildir, "new");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => MimeMessage.Load(f)).OrderBy(m => m.Date).ToList()
            : [];
    }

    /// <summary>Waits until a message to <paramref name="to"/> has arrived.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null)
    {
        MimeMessage? found = null;
        if (await Eventually.TrueAsync(() => (found = Messages().LastOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to))) is not null,
                timeout))
            return found!;
        throw new TimeoutException($"No e-mail to {to} arrived.");
    }


    public ValueTask DisposeAsync()
    {
        Stop();
        if (Directory.Exists(_maildir))
            Directory.Delete(_maildir, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A test that needs the real SMTP server; skipped, saying why, where aiosmtpd is not installed.</summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (!SmtpServer.Available)
            Skip = "Debian's python3-aiosmtpd is not installed (./test.sh installs it when run as root).";
    }
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndGet(this Process p)
    {
        p.WaitForExit();
        return p.ExitCode;
    }
}

/// <summary>A clock a test moves by hand (e.g. past a link's expiry).</summary>
public static class Fake
{
    /// <summary>A time that moves only when told, starting now in whole milliseconds (so times survive PostgreSQL's microseconds).</summary>
    public static Microsoft.Extensions.Time.Testing.FakeTimeProvider Now() =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}

/// <summary>Ports on 127.0.0.1 for the servers the tests start.</summary>
public static class Loopback
{
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>True once something accepts connections on the port.</summary>
    public static Task<bool> WaitForPortAsync(int port, TimeSpan timeout) => Eventually.TrueAsync(async () =>
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }, timeout);
}
