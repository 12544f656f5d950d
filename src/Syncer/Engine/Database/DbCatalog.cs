using System.Globalization;
using Syncer.Doris.Sql;

namespace Syncer.Engine.Database;

/// <summary>One table or view of a database as <c>show proc '/dbs/&lt;id&gt;/'</c> lists it.</summary>
public sealed record CatalogTable(long Id, string Name, bool IsView);

/// <summary>Reads a database's tables and views with their ids (source or target).</summary>
public static class DbCatalog
{
    /// <summary>Every table and view of database <paramref name="databaseId"/>, with ids.</summary>
    public static async Task<IReadOnlyList<CatalogTable>> ListAsync(IDorisSqlSession sql, long databaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = await sql.QueryAsync($"show proc '/dbs/{databaseId.ToString(CultureInfo.InvariantCulture)}/'", cancellationToken)
            .ConfigureAwait(false);
        int id = result.IndexOf("TableId"), name = result.IndexOf("TableName"), type = result.IndexOf("Type");
        if (id < 0 || name < 0) throw new DorisAnswerException("show proc '/dbs/<id>/' answered without TableId or TableName columns");
        var tables = new List<CatalogTable>();
        foreach (var row in result.Rows)
        {
            if (row[name] is not { } tableName) continue;
            if (!long.TryParse(row[id], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tableId))
                throw new DorisAnswerException($"TableId is \"{row[id]}\", not a number");
            var isView = type >= 0 && string.Equals(row[type], "VIEW", StringComparison.OrdinalIgnoreCase);
            tables.Add(new CatalogTable(tableId, tableName, isView));
        }
        return tables;
    }

    /// <summary>The table or view named <paramref name="name"/> (exact), or null.</summary>
    public static async Task<CatalogTable?> FindAsync(IDorisSqlSession sql, long databaseId, string name, CancellationToken cancellationToken) =>
        (await ListAsync(sql, databaseId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Name == name);
}
