using Syncer.Doris.Sql;

namespace Syncer.Cluster;

/// <summary>A table's columns as <c>SHOW COLUMNS</c> lists them (name and type, in order), and how two such lists differ.</summary>
public static class TableColumns
{
    /// <summary>"name type" for each column of <paramref name="database"/>.<paramref name="table"/>, in order.</summary>
    public static async Task<IReadOnlyList<(string Name, string Type)>> ReadAsync(IDorisSqlSession sql, string database, string table,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = await sql.QueryAsync($"SHOW COLUMNS FROM {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)}", cancellationToken)
            .ConfigureAwait(false);
        var names = result.Column("Field").ToList();
        var types = result.Column("Type").ToList();
        return [.. names.Select((n, i) => (n ?? "", i < types.Count ? types[i] ?? "" : ""))];
    }

    /// <summary>
    /// The first difference between a source and a target column list (<c>column v: INT on the source, BIGINT on the
    /// target</c>), or null when they are the same. Names compare case-insensitively (Doris column names are), types
    /// ignoring case and spaces.
    /// </summary>
    public static string? Difference(IReadOnlyList<(string Name, string Type)> source, IReadOnlyList<(string Name, string Type)> target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        for (var i = 0; i < Math.Max(source.Count, target.Count); i++)
        {
            if (i >= source.Count) return $"column {target[i].Name} exists only on the target";
            if (i >= target.Count) return $"column {source[i].Name} exists only on the source";
            var (s, t) = (source[i], target[i]);
            if (!string.Equals(s.Name, t.Name, StringComparison.OrdinalIgnoreCase))
                return $"column {i + 1} is {s.Name} on the source, {t.Name} on the target";
            if (!string.Equals(Normalize(s.Type), Normalize(t.Type), StringComparison.OrdinalIgnoreCase))
                return $"column {s.Name} is {s.Type} on the source, {t.Type} on the target";
        }
        return null;
    }

    private static string Normalize(string type) => string.Concat(type.Where(c => !char.IsWhiteSpace(c)));
}
