using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AdminConsole.Live;

/// <summary>
/// Whether this circuit's browser is connected now (scoped: one per circuit). A circuit whose browser went away is
/// kept for minutes in case it comes back; its live lists wait instead of re-querying for nobody, and refresh once
/// when it returns.
/// </summary>
public sealed class CircuitPresence
{
    public bool Connected { get; private set; } = true;

    /// <summary>Raised when the browser has come back.</summary>
    public event Action? Reconnected;

    internal void Set(bool connected)
    {
        Connected = connected;
        if (connected)
            Reconnected?.Invoke();
    }
}

/// <summary>Keeps <see cref="CircuitPresence"/> true to the circuit's connection.</summary>
public sealed class CircuitPresenceHandler(CircuitPresence presence) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Set(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Set(true);
        return Task.CompletedTask;
    }
}
