using System.Globalization;

namespace Syncer.Jobs;

/// <summary>
/// The offline checks of <c>/create_ccr</c> (docs/api.md, <c>/create_ccr</c>: the request and its validation): every field the Go syncer
/// requires, plus limits the store needs (name length) and a refusal of control characters, which no Doris
/// identifier or job name can sensibly contain. Unicode and backquotes are allowed: names are always
/// quoted when they reach SQL.
/// </summary>
public static class JobValidation
{
    /// <summary>Longest job name (the MySQL store's key column is VARCHAR(512)).</summary>
    public const int MaxNameLength = 512;

    /// <summary>Turns a request into a job definition, or throws <see cref="JobOperationException"/> naming the bad field.</summary>
    public static JobInfo ToJobInfo(CreateCcrRequest request)
    {
        ValidateName(request.Name);
        var src = request.Src ?? throw new JobOperationException("src is missing");
        var dest = request.Dest ?? throw new JobOperationException("dest is missing");
        ValidateSpec("src", src);
        ValidateSpec("dest", dest);
        if (src.Table.Length == 0 != (dest.Table.Length == 0))
            throw new JobOperationException("src/dest are not both db or table sync: set table in both or in neither");
        var tableSync = src.Table.Length > 0;
        var include = Normalize(request.IncludeTables);
        var exclude = Normalize(request.ExcludeTables);
        if (tableSync && (include is not null || exclude is not null))
            throw new JobOperationException(
                $"{(include is not null ? "include_tables" : "exclude_tables")} is for database jobs; a table job replicates src.table only (leave src.table and dest.table empty to sync the database)");
        try
        {
            TableFilter.Parse(include, exclude);
        }
        catch (FormatException e)
        {
            throw new JobOperationException(e.Message, e);
        }
        return new JobInfo
        {
            Name = request.Name!,
            SyncType = tableSync ? SyncType.TableSync : SyncType.DbSync,
            // Ids and frontends are resolved by the creation checks, never taken from the caller.
            Src = src with { DbId = 0, TableId = 0, Frontends = [] },
            Dest = dest with { DbId = 0, TableId = 0, Frontends = [] },
            SkipError = request.SkipError,
            State = JobState.Running,
            Mode = request.Mode,
            IncludeTables = include,
            ExcludeTables = exclude,
            DropPolicy = request.DropPolicy,
            SchemaDriftPolicy = request.SchemaDriftPolicy,
        };
    }

    // An empty list means "no filter", stored as absent.
    private static IReadOnlyList<string>? Normalize(IReadOnlyList<string>? patterns) => patterns is { Count: > 0 } ? patterns : null;

    /// <summary>Checks a job name as used by every endpoint.</summary>
    public static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name)) throw new JobOperationException("name is empty");
        if (name.Length > MaxNameLength) throw new JobOperationException($"name is {name.Length} characters long; at most {MaxNameLength} are allowed");
        if (name.Any(char.IsControl)) throw new JobOperationException("name contains a control character");
        if (name.Trim().Length != name.Length) throw new JobOperationException("name has leading or trailing spaces");
    }

    private static void ValidateSpec(string side, ClusterSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Host)) throw new JobOperationException($"{side}.host is empty");
        ValidatePort(side, "port", spec.Port);
        ValidatePort(side, "thrift_port", spec.ThriftPort);
        if (spec.User.Length == 0) throw new JobOperationException($"{side}.user is empty");
        if (spec.Database.Length == 0) throw new JobOperationException($"{side}.database is empty");
        foreach (var (field, value) in new[] { ("host", spec.Host), ("user", spec.User), ("database", spec.Database), ("table", spec.Table) })
        {
            if (value.Any(char.IsControl)) throw new JobOperationException($"{side}.{field} contains a control character");
        }
    }

    private static void ValidatePort(string side, string field, string? text)
    {
        if (string.IsNullOrEmpty(text)) throw new JobOperationException($"{side}.{field} is empty");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new JobOperationException($"{side}.{field} \"{text}\" is not a valid port (1-65535)");
    }
}
