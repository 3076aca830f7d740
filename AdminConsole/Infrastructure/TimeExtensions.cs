namespace AdminConsole.Infrastructure;

public static class TimeExtensions
{
    /// <summary>Now as the database stores it: a UTC <see cref="DateTime"/>.</summary>
    public static DateTime UtcNow(this TimeProvider time) => time.GetUtcNow().UtcDateTime;
}
