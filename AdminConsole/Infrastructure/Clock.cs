namespace AdminConsole.Infrastructure;

/// <summary>Time source. Tests swap in a controllable one (e.g. to pass an access end date).</summary>
public interface IClock
{
    DateTime UtcNow { get; }
}

public sealed class SystemClock : IClock
{
    public DateTime UtcNow => DateTime.UtcNow;
}
