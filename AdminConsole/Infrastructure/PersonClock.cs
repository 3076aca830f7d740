namespace AdminConsole.Infrastructure;

/// <summary>
/// The time zone times are shown in on this console (circuit): the person's stored zone at first, then what their
/// browser says. Components that show times re-render when it changes (<see cref="Changed"/>).
/// </summary>
public sealed class PersonClock
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public event Action? Changed;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>Switches to a zone the system knows; false when unknown or already in use.</summary>
    public bool TrySet(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || zone.Id == Zone.Id)
            return false;
        Zone = zone;
        Changed?.Invoke();
        return true;
    }
}
