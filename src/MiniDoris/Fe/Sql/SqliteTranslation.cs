namespace MiniDoris.Fe.Sql;

/// <summary>A Doris query rewritten for SQLite, with the tables to materialise and the parameters to bind.</summary>
public sealed class SqliteTranslation
{
    public string Sql { get; init; } = string.Empty;

    public List<TableReference> Tables { get; } = [];

    /// <summary>Database name → SQLite schema alias (s0 is always the current database when there is one).</summary>
    public Dictionary<string, string> SchemaAliases { get; } = [];

    public Dictionary<string, object?> Parameters { get; } = [];

    public HashSet<string> InformationSchemaTables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool UsesFrontends { get; set; }

    public bool UsesBackends { get; set; }
}
