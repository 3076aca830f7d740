using System.Data.Common;
using AdminConsole.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminConsole.Data;

/// <summary>
/// The one way a service saves. Someone else's newer save becomes the caller's <see cref="ConflictProblem"/>; a database
/// that cannot write (locked past the busy timeout, disk full, read-only, gone) becomes a <see cref="StorageProblem"/>
/// that says nothing was changed. Either way the transaction rolled back and the form keeps what the person typed.
/// </summary>
public static class Saving
{
    public static async Task SaveSafelyAsync(this AppDbContext db, IStringLocalizer L, CancellationToken ct,
        Func<ConflictProblem>? conflict = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conflict?.Invoke()
                  ?? new ConflictProblem(L["Someone else changed this while you were working. The list has been refreshed."]);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new StorageProblem(L["The change could not be saved: the database is not available right now. Nothing was changed, and what you entered is still here. Try again in a moment."]);
        }
    }

    /// <summary>Whether a save broke a unique index: someone else saved the same value first.</summary>
    public static bool IsDuplicate(Exception e) => e.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        Npgsql.PostgresException { SqlState: "23505" } => true,
        _ => false,
    };

    /// <summary>Whether a failure is the database's state (not the data): locked, busy, full, read-only, I/O, unreachable.</summary>
    public static bool IsStorageFailure(Exception e) => Reason(e) is not null;

    /// <summary>SQLite's error code or PostgreSQL's SQL state of a storage failure, or null for anything else.</summary>
    public static string? Reason(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 or 14 or 26 } sqlite:
                    return $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message}";
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal) ||
                                                      pg.SqlState.StartsWith("57", StringComparison.Ordinal) ||
                                                      pg.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return $"PostgreSQL {pg.SqlState}: {pg.MessageText}";
                case Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException:
                    return npgsql.Message;
                case DbException when e is not SqliteException and not Npgsql.NpgsqlException:
                    return e.Message;
            }
        }
        return null;
    }
}
