using System.Globalization;

namespace MiniDoris.Fe.Sql;

/// <summary>Collects schema aliases, referenced tables and parameters while a query is translated.</summary>
internal sealed class SqliteTranslationBuilder
{
    private readonly HashSet<int> _substituted = [];

    private readonly Dictionary<string, string> _aliases;

    public SqliteTranslationBuilder(ITranslationScope scope, Dictionary<string, string> aliases)
    {
        _aliases = aliases;
        if (scope.CurrentDb is { } current && aliases.Count == 0)
        {
            aliases[current] = "s0";
        }
    }

    public SqliteTranslation Translation { get; private set; } = new();

    public string QualifiedTable(string db, string table)
    {
        var alias = AliasFor(db);
        AddReference(db, table, alias);
        return SqliteTranslator.QuoteIdentifier(alias) + "." + SqliteTranslator.QuoteIdentifier(table);
    }

    public void UnqualifiedTable(string db, string table) => AddReference(db, table, AliasFor(db));

    public void InformationSchemaTable(string table) => Translation.InformationSchemaTables.Add(table.ToLowerInvariant());

    public string AddParameter(object? value)
    {
        var name = "$p" + Translation.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        Translation.Parameters[name] = value;
        return name;
    }

    public void MarkSubstituted(int tokenIndex) => _substituted.Add(tokenIndex);

    public bool IsSubstitutedWord(int tokenIndex) => _substituted.Contains(tokenIndex);

    public SqliteTranslation Build(string sql)
    {
        var built = new SqliteTranslation { Sql = sql, UsesFrontends = Translation.UsesFrontends, UsesBackends = Translation.UsesBackends };
        built.Tables.AddRange(Translation.Tables);
        foreach (var (k, v) in Translation.SchemaAliases)
        {
            built.SchemaAliases[k] = v;
        }

        foreach (var (k, v) in Translation.Parameters)
        {
            built.Parameters[k] = v;
        }

        built.InformationSchemaTables.UnionWith(Translation.InformationSchemaTables);
        Translation = built;
        return built;
    }

    private string AliasFor(string db)
    {
        if (!_aliases.TryGetValue(db, out var alias))
        {
            // s0 is reserved for the session's current database; the others are numbered after it.
            alias = "s" + (_aliases.Count + 1).ToString(CultureInfo.InvariantCulture);
            _aliases[db] = alias;
        }

        Translation.SchemaAliases[db] = alias;
        return alias;
    }

    private void AddReference(string db, string table, string alias)
    {
        if (!Translation.Tables.Any(r => r.Db == db && r.Table == table))
        {
            Translation.Tables.Add(new TableReference(db, table, alias));
        }
    }
}
