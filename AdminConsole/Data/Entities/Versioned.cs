namespace AdminConsole.Data;

/// <summary>
/// Rows two admins can edit at once. <see cref="Version"/> is the optimistic-concurrency token:
/// the context bumps it on every update, so a stale save fails instead of overwriting.
/// An integer (not SQL Server's rowversion) so it works the same on SQLite and PostgreSQL.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
