using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminConsole.Data;

/// <summary>
/// PostgreSQL cannot even receive a lone surrogate (Npgsql throws encoding it) or a NUL character (the server refuses
/// it). A forged id or search term holding one then failed with an error instead of "not found". Services refuse such
/// text before they save it; for everything else this replaces them in string parameters with U+FFFD, which matches
/// nothing stored — the answer SQLite gives.
/// </summary>
public sealed class WellFormedParameters : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    private static void Repair(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is string text && !IsWellFormed(text))
                parameter.Value = Repaired(text);
            else if (parameter.Value is string[] texts && !texts.All(IsWellFormed))
                parameter.Value = texts.Select(t => IsWellFormed(t) ? t : Repaired(t)).ToArray();
        }
    }

    internal static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0')
                return false;
            if (!char.IsSurrogate(text[i]))
                continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }
        return true;
    }

    private static string Repaired(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                span[i] = c;
                span[++i] = source[i];
            }
            else
                span[i] = char.IsSurrogate(c) || c == '\0' ? '\uFFFD' : c;
        }
    });
}
