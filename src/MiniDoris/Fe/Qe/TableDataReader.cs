using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MiniDoris.Be;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql;

namespace MiniDoris.Fe.Qe;

/// <summary>
/// Reads a table's rows as Doris readers see them: the visible rowsets of every tablet of the base index,
/// DELETE predicates hiding rows of older versions, then the keys model's merge (DUPLICATE keeps all rows,
/// UNIQUE keeps the newest row per key, AGGREGATE folds value columns per key).
/// </summary>
public static class TableDataReader
{
    public static List<object?[]> ReadMerged(ClusterState state, OlapTable table, IEnumerable<Partition>? partitions = null)
    {
        var schema = table.Columns;
        var versioned = new List<(long Version, object?[] Row)>();
        foreach (var partition in partitions ?? table.Partitions)
        {
            var index = partition.GetIndex(table.BaseIndexId);
            if (index is null)
            {
                continue;
            }

            var rows = new List<(long Version, object?[] Row)>();
            var deletes = new SortedDictionary<long, string>();
            foreach (var tablet in index.Tablets)
            {
                foreach (var rowset in state.Store.LoadRowsets(tablet.Id, partition.VisibleVersion))
                {
                    var meta = JsonSerializer.Deserialize<RowsetMeta>(rowset.Meta)!;
                    if (meta.DeletePredicate is not null)
                    {
                        deletes[rowset.Version!.Value] = meta.DeletePredicate;
                    }
                    else if (rowset.Data is not null)
                    {
                        rows.AddRange(RowsetCodec.DecodeSegment(rowset.Data, schema).Select(r => (rowset.Version!.Value, r)));
                    }
                }
            }

            if (deletes.Count > 0 && rows.Count > 0)
            {
                rows = ApplyDeletes(rows, deletes, schema);
            }

            versioned.AddRange(rows);
        }

        var ordered = versioned.OrderBy(r => r.Version).Select(r => r.Row);
        return table.KeysType switch
        {
            KeysType.UNIQUE_KEYS => MergeUnique(table, ordered),
            KeysType.AGG_KEYS => MergeAggregate(table, ordered),
            _ => ordered.ToList(),
        };
    }

    /// <summary>A string identity of a row's key columns.</summary>
    public static string KeyOf(object?[] row, IReadOnlyList<int> keyPositions)
    {
        var sb = new StringBuilder();
        foreach (var p in keyPositions)
        {
            sb.Append(row[p] is null ? "\u0000N" : ValueText.ToInvariant(row[p]!)).Append('\u001f');
        }

        return sb.ToString();
    }

    private static List<object?[]> MergeUnique(OlapTable table, IEnumerable<object?[]> rows)
    {
        var keys = KeyPositions(table);
        var merged = new Dictionary<string, object?[]>();
        foreach (var row in rows)
        {
            merged[KeyOf(row, keys)] = row;
        }

        return merged.Values.ToList();
    }

    private static List<object?[]> MergeAggregate(OlapTable table, IEnumerable<object?[]> rows)
    {
        var keys = KeyPositions(table);
        var merged = new Dictionary<string, object?[]>();
        foreach (var row in rows)
        {
            var key = KeyOf(row, keys);
            if (!merged.TryGetValue(key, out var acc))
            {
                merged[key] = (object?[])row.Clone();
                continue;
            }

            for (var i = 0; i < table.Columns.Count; i++)
            {
                var c = table.Columns[i];
                if (c.IsKey)
                {
                    continue;
                }

                acc[i] = Fold(c, acc[i], row[i]);
            }
        }

        return merged.Values.ToList();
    }

    private static object? Fold(Column column, object? current, object? next) => column.Aggregation switch
    {
        AggregateType.SUM => current is null ? next : next is null ? current : Add(column.Type, current, next),
        AggregateType.MAX => current is null ? next : next is null ? current : column.Type.Compare(next, current) > 0 ? next : current,
        AggregateType.MIN => current is null ? next : next is null ? current : column.Type.Compare(next, current) < 0 ? next : current,
        AggregateType.REPLACE_IF_NOT_NULL => next ?? current,
        _ => next,
    };

    private static object Add(ColumnType type, object a, object b) => (a, b) switch
    {
        (long x, long y) => type.TryCoerce((decimal)x + y, out var v) && v is not null ? v : x + y,
        (decimal x, decimal y) => x + y,
        (double x, double y) => x + y,
        (Int128 x, Int128 y) => x + y,
        _ => Convert.ToDecimal(a, CultureInfo.InvariantCulture) + Convert.ToDecimal(b, CultureInfo.InvariantCulture),
    };

    private static List<int> KeyPositions(OlapTable table) =>
        table.Columns.Select((c, i) => (c, i)).Where(x => x.c.IsKey).Select(x => x.i).ToList();

    /// <summary>Applies each DELETE predicate to the rows of older versions, letting SQLite evaluate the predicate.</summary>
    private static List<(long Version, object?[] Row)> ApplyDeletes(
        List<(long Version, object?[] Row)> rows, SortedDictionary<long, string> deletes, IReadOnlyList<Column> schema)
    {
        using var connection = SqliteMaterializer.OpenConnection();
        var columns = string.Join(", ", schema.Select(c => SqliteTranslator.QuoteIdentifier(c.Name) + " " + c.Type.SqliteDeclaredType));
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE rows_ (__v INTEGER, __i INTEGER, {columns})";
            create.ExecuteNonQuery();
        }

        using (var tx = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO rows_ VALUES ($v, $i, {string.Join(", ", schema.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture)))})";
            for (var r = 0; r < rows.Count; r++)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$v", rows[r].Version);
                insert.Parameters.AddWithValue("$i", r);
                for (var c = 0; c < schema.Count; c++)
                {
                    insert.Parameters.AddWithValue("$c" + c.ToString(CultureInfo.InvariantCulture), SqliteMaterializer.ToSqlite(rows[r].Row[c]));
                }

                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        SqliteMaterializer.RegisterFunctions(connection, null);
        foreach (var (version, predicate) in deletes)
        {
            var tokens = SqlTokenizer.Tokenize(predicate);
            tokens.RemoveAt(tokens.Count - 1);
            var translated = SqliteTranslator.Translate(tokens, predicate, 0, NoTablesScope.Instance);
            using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM rows_ WHERE __v < $version AND ({translated.Sql})";
            delete.Parameters.AddWithValue("$version", version);
            foreach (var (name, value) in translated.Parameters)
            {
                delete.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            delete.ExecuteNonQuery();
        }

        var kept = new HashSet<long>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT __i FROM rows_";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                kept.Add(reader.GetInt64(0));
            }
        }

        return rows.Where((_, i) => kept.Contains(i)).ToList();
    }

    /// <summary>A translation scope with no tables: delete predicates only name columns.</summary>
    private sealed class NoTablesScope : ITranslationScope
    {
        public static readonly NoTablesScope Instance = new();

        public string? CurrentDb => null;

        public bool IsDatabase(string name) => false;

        public bool IsTable(string db, string name) => false;

        public object? SystemVariable(string name) => null;
    }
}
