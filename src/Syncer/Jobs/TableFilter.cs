namespace Syncer.Jobs;

/// <summary>
/// Which source tables a database job replicates: <c>include_tables</c> (none = every table) minus
/// <c>exclude_tables</c>; an exclusion wins over an inclusion. Each entry is a <see cref="TablePattern"/>. Pure: the
/// engine asks it about a table name at every decision (full sync, each binlog, a rename's old and new name).
/// </summary>
public sealed class TableFilter
{
    private readonly TablePattern[] _include;
    private readonly TablePattern[] _exclude;

    private TableFilter(TablePattern[] include, TablePattern[] exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    /// <summary>The filter that lets every table through.</summary>
    public static TableFilter All { get; } = new([], []);

    /// <summary>Whether this filter lets every table through.</summary>
    public bool IsAll => _include.Length == 0 && _exclude.Length == 0;

    /// <summary>
    /// Reads both lists. Errors name the entry: <c>include_tables[1] "ord[ers" has an unclosed '['…</c>.
    /// </summary>
    /// <exception cref="FormatException">An entry is not a valid pattern.</exception>
    public static TableFilter Parse(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
    {
        if ((include is null || include.Count == 0) && (exclude is null || exclude.Count == 0)) return All;
        return new TableFilter(ParseList("include_tables", include), ParseList("exclude_tables", exclude));
    }

    /// <summary>The filter of a job (every table for a table job or a job without filters).</summary>
    public static TableFilter Of(JobInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Parse(job.IncludeTables, job.ExcludeTables);
    }

    /// <summary>Whether the job replicates the source table <paramref name="table"/>.</summary>
    public bool Includes(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_include.Length > 0 && !_include.Any(p => p.Matches(table))) return false;
        return !_exclude.Any(p => p.Matches(table));
    }

    /// <summary>Why <paramref name="table"/> is not replicated (for logs), or null when it is.</summary>
    public string? WhyExcluded(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_include.Length > 0 && !_include.Any(p => p.Matches(table))) return $"table {table} matches no include_tables entry";
        var excluded = _exclude.FirstOrDefault(p => p.Matches(table));
        return excluded is null ? null : $"table {table} matches exclude_tables entry {excluded.Text}";
    }

    private static TablePattern[] ParseList(string field, IReadOnlyList<string>? patterns)
    {
        if (patterns is null) return [];
        var parsed = new TablePattern[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            try
            {
                parsed[i] = TablePattern.Parse(patterns[i]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{field}[{i}] \"{patterns[i]}\" {e.Message}", e);
            }
        }
        return parsed;
    }
}
