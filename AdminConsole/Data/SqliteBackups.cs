using Microsoft.Data.Sqlite;

namespace AdminConsole.Data;

/// <summary>
/// Copies of the SQLite database. <c>AdminConsole backup --to FILE</c> while the console runs (SQLite's online backup:
/// a consistent snapshot even while admins save); <c>AdminConsole restore --from FILE</c> with every console on that
/// file stopped, after checking the file; and a copy before each start that applies migrations, the last
/// <see cref="Kept"/> of them kept in <c>backups/</c> beside the database.
/// </summary>
public static class SqliteBackups
{
    public const int Kept = 5;

    /// <summary>A consistent copy of <paramref name="fromConnectionString"/>'s database into <paramref name="toFile"/> (replaced).</summary>
    public static void Copy(string fromConnectionString, string toFile)
    {
        var source = new SqliteConnectionStringBuilder(fromConnectionString) { Pooling = false };
        using var from = new SqliteConnection(source.ToString());
        from.Open();
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = toFile, Pooling = false }.ToString());
        to.Open();
        from.BackupDatabase(to);
    }

    /// <summary>Before migrations change an existing database: a copy named after the first migration to come.</summary>
    public static string BeforeChange(string file, string what, DateTime now)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "backups");
        Directory.CreateDirectory(folder);
        var name = Path.GetFileNameWithoutExtension(file);
        var target = Path.Combine(folder, $"{name}-before-{what}-{now:yyyyMMdd-HHmmss-fff}.db");
        Copy(new SqliteConnectionStringBuilder { DataSource = file }.ToString(), target);
        // Names sort by time within one kind of change; the newest five of all kinds stay.
        foreach (var old in new DirectoryInfo(folder).GetFiles($"{name}-before-*.db")
                     .OrderByDescending(f => f.CreationTimeUtc).ThenByDescending(f => f.Name).Skip(Kept))
            old.Delete();
        return target;
    }

    /// <summary>
    /// Why <paramref name="file"/> cannot be restored into a console that knows <paramref name="knownMigrations"/>, or
    /// null when it can: it must be an intact SQLite file with the console's tables, made by this or an older version.
    /// </summary>
    public static string? WhyNotRestorable(string file, IReadOnlyCollection<string> knownMigrations)
    {
        if (!File.Exists(file))
            return $"{file} does not exist.";
        try
        {
            using var connection = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check;";
            if (check.ExecuteScalar() as string != "ok")
                return $"{file} is damaged (SQLite's quick_check failed).";
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                return $"{file} is not an AdminConsole database (it has no migration history).";
            check.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\";";
            using var reader = check.ExecuteReader();
            var applied = new List<string>();
            while (reader.Read())
                applied.Add(reader.GetString(0));
            if (applied.Count == 0)
                return $"{file} is not an AdminConsole database (its migration history is empty).";
            var unknown = applied.Except(knownMigrations).ToList();
            return unknown.Count > 0
                ? $"{file} was made by a newer AdminConsole (migration {unknown.Max()}): restore it with that version."
                : null;
        }
        catch (SqliteException e)
        {
            return $"{file} is not a usable SQLite database ({e.Message}).";
        }
    }
}

/// <summary>
/// Held (shared) by every console running on a SQLite file, for as long as it runs: a restore takes it exclusively, so
/// it refuses while a console runs, and a console does not start while a restore writes.
/// </summary>
public sealed class SqliteRunningMarker : IDisposable
{
    private FileStream? _held;

    public static string PathFor(string file) => Path.GetFullPath(file) + ".running";

    public void Hold(string file)
    {
        if (_held is not null)
            return;
        try
        {
            _held = new FileStream(PathFor(file), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (IOException)
        {
            throw new StartupException($"AdminConsole cannot start: {Path.GetFullPath(file)} is being restored. Start again when the restore is done.");
        }
    }

    /// <summary>Exclusive, for a restore; null while any console runs on the file.</summary>
    public static FileStream? TryExclusive(string file)
    {
        try
        {
            return new FileStream(PathFor(file), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _held?.Dispose();
}
