using System.Globalization;
using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;
using MiniDoris.Fe.Txn;

namespace MiniDoris.Fe.Load;

/// <summary>INSERT INTO/OVERWRITE and DELETE, each run as one load transaction.</summary>
internal static class LoadExecutor
{
    private const long DefaultTimeoutMs = 14400 * 1000L;

    public static QueryResult Insert(StatementContext ctx, InsertStmt stmt)
    {
        var (db, table) = ctx.ResolveTable(stmt.Table);
        if (table is not OlapTable olap)
        {
            throw DorisErrors.Generic($"Only support insert into OLAP table, but {table.Name} is {table.Kind}");
        }

        ctx.RequirePrivilege(Privilege.Load, db, olap);
        if (olap.State == "RESTORE")
        {
            throw DorisErrors.Generic($"Table {olap.Name} is in restore process. Can not load into it");
        }

        var rows = BuildRows(ctx, olap, stmt);
        if (stmt.Overwrite)
        {
            return Overwrite(ctx, db, olap, stmt, rows);
        }

        var candidates = stmt.Partitions is null
            ? olap.Partitions
            : stmt.Partitions.Select(n => olap.FindPartition(n, false) ?? throw DorisErrors.Generic($"Unknown partition: {n} in table: {olap.Name}")).ToList();
        var routed = Route(olap, candidates, rows, ctx.State.Image.NextTxnId);
        if (rows.Count == 0)
        {
            return QueryResult.Ok(0);
        }

        var label = stmt.Label ?? NewLabel("insert");
        var txn = LoadTransactions.Begin(ctx.State, db, [olap], label, "INSERT_STREAMING", DefaultTimeoutMs);
        foreach (var (partition, buckets) in routed)
        {
            LoadStorage.StageRowsets(ctx.State, txn, olap, partition, buckets, null);
        }

        LoadTransactions.Commit(ctx.State, txn, [(olap, routed.Keys.ToList())]);
        LoadTransactions.PublishReady(ctx.State);
        return QueryResult.Ok(rows.Count, LoadInfo(txn));
    }

    public static QueryResult Delete(StatementContext ctx, DeleteStmt stmt)
    {
        var (db, table) = ctx.ResolveOlapTable(stmt.Table);
        ctx.RequirePrivilege(Privilege.Load, db, table);
        ValidatePredicate(ctx, table, stmt.Where);
        var candidates = stmt.Partitions is null
            ? table.Partitions.ToList()
            : stmt.Partitions.Select(n => table.FindPartition(n, false) ?? throw DorisErrors.Generic($"Partition does not exist. name: {n}")).ToList();

        // Doris prunes the candidates by the predicate on the partition columns; when none can hold a matching row the
        // plan is an empty relation and no txn runs.
        var partitions = DeletePartitionPruner.Prune(table, candidates, stmt.Where);
        if (partitions.Count == 0)
        {
            return QueryResult.Ok(0);
        }

        var txn = LoadTransactions.Begin(ctx.State, db, [table], NewLabel("delete"), "INSERT_STREAMING", DefaultTimeoutMs);
        foreach (var partition in partitions)
        {
            LoadStorage.StageRowsets(ctx.State, txn, table, partition, new Dictionary<int, List<object?[]>>(), stmt.Where.Text);
        }

        LoadTransactions.Commit(ctx.State, txn, [(table, partitions)]);
        LoadTransactions.PublishReady(ctx.State);
        return QueryResult.Ok(0, LoadInfo(txn));
    }

    /// <summary>
    /// INSERT OVERWRITE as Doris implements it: a temporary partition per target partition (ADD_PARTITION,
    /// temp), the load into the temporaries (UPSERT on temp partitions), then REPLACE_PARTITIONS.
    /// </summary>
    private static QueryResult Overwrite(StatementContext ctx, Database db, OlapTable table, InsertStmt stmt, List<object?[]> rows)
    {
        var targets = stmt.Partitions is null
            ? table.Partitions.ToList()
            : stmt.Partitions.Select(n => table.FindPartition(n, false) ?? throw DorisErrors.Generic($"Unknown partition: {n} in table: {table.Name}")).ToList();
        var suffix = ctx.State.Image.NextCatalogId.ToString(CultureInfo.InvariantCulture);
        var temps = new List<Partition>();

        // Validate routing before any catalog change, so a bad row changes nothing.
        Route(table, targets, rows, 0);
        foreach (var target in targets)
        {
            var name = $"tmp_{target.Name}_{suffix}";
            temps.Add(PartitionOperations.Add(ctx.State, db, table, name, target.Item, target.Distribution, true));
        }

        TransactionState? txn = null;
        if (rows.Count > 0)
        {
            var routed = Route(table, temps, rows, ctx.State.Image.NextTxnId);
            txn = LoadTransactions.Begin(ctx.State, db, [table], stmt.Label ?? NewLabel("insert"), "INSERT_STREAMING", DefaultTimeoutMs);
            foreach (var (partition, buckets) in routed)
            {
                LoadStorage.StageRowsets(ctx.State, txn, table, partition, buckets, null);
            }

            LoadTransactions.Commit(ctx.State, txn, [(table, routed.Keys.ToList())]);
            LoadTransactions.PublishReady(ctx.State);
        }

        PartitionOperations.Replace(ctx.State, db, table, targets.Select(t => t.Name).ToList(), temps.Select(t => t.Name).ToList(),
            strictRange: false, useTempPartitionName: false);
        return QueryResult.Ok(rows.Count, txn is null ? null : LoadInfo(txn));
    }

    /// <summary>Rows laid out as the table's columns, with defaults filled and values converted (strict mode).</summary>
    private static List<object?[]> BuildRows(StatementContext ctx, OlapTable table, InsertStmt stmt)
    {
        var targetNames = stmt.Columns ?? table.Columns.Select(c => c.Name).ToList();
        var positions = new List<int>();
        foreach (var name in targetNames)
        {
            var index = table.Columns.FindIndex(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw DorisErrors.UnknownColumn(name, table.Name);
            }

            if (positions.Contains(index))
            {
                throw new DorisException(1110, "42000", DorisErrors.Prefix + $"Column '{name}' specified twice");
            }

            positions.Add(index);
        }

        foreach (var (column, i) in table.Columns.Select((c, i) => (c, i)))
        {
            if (!positions.Contains(i) && !column.IsAllowNull && column.DefaultValue is null)
            {
                throw DorisErrors.Generic($"Column has no default value, column={column.Name}");
            }
        }

        var inputs = new List<object?[]>();
        if (stmt.Rows is not null)
        {
            foreach (var row in stmt.Rows)
            {
                if (row.Count != positions.Count)
                {
                    throw DorisErrors.ColumnCountMismatch();
                }

                inputs.Add(EvaluateRow(ctx, row));
            }
        }
        else
        {
            var output = ctx.Query.Run(ctx.Session, stmt.Query!);
            if (output.Names.Count != positions.Count)
            {
                throw DorisErrors.ColumnCountMismatch();
            }

            inputs.AddRange(output.Rows.Select(r => r.Select(SqliteQueryEngine.ToCanonical).ToArray()));
        }

        var rows = new List<object?[]>(inputs.Count);
        foreach (var input in inputs)
        {
            var row = new object?[table.Columns.Count];
            var given = new bool[table.Columns.Count];
            for (var k = 0; k < positions.Count; k++)
            {
                row[positions[k]] = input[k];
                given[positions[k]] = input[k] is not DefaultMarker;
            }

            for (var i = 0; i < row.Length; i++)
            {
                var column = table.Columns[i];
                var value = given[i] ? row[i] : DefaultOf(ctx, column);
                if (!column.Type.TryCoerce(value, out var coerced) || (coerced is null && !column.IsAllowNull))
                {
                    throw DorisErrors.Generic(
                        $"Insert has filtered data in strict mode. first_error_msg: column({column.Name}) value is incorrect: {Describe(value)}");
                }

                row[i] = coerced;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static object?[] EvaluateRow(StatementContext ctx, List<InsertValue> row)
    {
        var values = new object?[row.Count];
        var expressions = new List<(int Index, SqlFragment Expr)>();
        for (var k = 0; k < row.Count; k++)
        {
            switch (row[k].Kind)
            {
                case InsertValueKind.Literal:
                    values[k] = row[k].Literal;
                    break;
                case InsertValueKind.Default:
                    values[k] = DefaultMarker.Instance;
                    break;
                default:
                    expressions.Add((k, row[k].Expression!));
                    break;
            }
        }

        if (expressions.Count > 0)
        {
            var evaluated = ctx.Query.EvaluateExpressions(ctx.Session, expressions.Select(e => e.Expr).ToList());
            for (var i = 0; i < expressions.Count; i++)
            {
                values[expressions[i].Index] = SqliteQueryEngine.ToCanonical(evaluated[i]);
            }
        }

        return values;
    }

    private static object? DefaultOf(StatementContext ctx, Column column)
    {
        if (column.DefaultValue is null)
        {
            return null;
        }

        if (column.DefaultIsExpression)
        {
            var now = ctx.Session.Now();
            return column.DefaultValue.StartsWith("CURRENT_DATE", StringComparison.Ordinal)
                ? now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : now.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        }

        return column.DefaultValue;
    }

    private static Dictionary<Partition, Dictionary<int, List<object?[]>>> Route(
        OlapTable table, IReadOnlyList<Partition> partitions, List<object?[]> rows, long salt)
    {
        var router = new RowRouter(table, partitions, salt);
        var routed = new Dictionary<Partition, Dictionary<int, List<object?[]>>>();
        foreach (var row in rows)
        {
            if (!router.TryRoute(row, out var partition, out var bucket))
            {
                throw DorisErrors.Generic(
                    "Insert has filtered data in strict mode. first_error_msg: no partition for this tuple. tuple="
                    + string.Join(", ", row.Select(Describe)));
            }

            if (!routed.TryGetValue(partition, out var buckets))
            {
                buckets = [];
                routed[partition] = buckets;
            }

            if (!buckets.TryGetValue(bucket, out var list))
            {
                list = [];
                buckets[bucket] = list;
            }

            list.Add(row);
        }

        return routed;
    }

    /// <summary>Checks a DELETE predicate against the table's columns (and the model's restrictions).</summary>
    private static void ValidatePredicate(StatementContext ctx, OlapTable table, SqlFragment where)
    {
        if (table.KeysType == KeysType.AGG_KEYS)
        {
            foreach (var t in where.Tokens.Where(t => t.IsIdentifier))
            {
                var column = table.FindColumn(t.Text);
                if (column is { IsKey: false })
                {
                    throw DorisErrors.Generic(
                        $"delete predicate on value column only supports Unique table with merge-on-write enabled and Duplicate table, but Table[{table.Name}] is an Aggregate table.");
                }
            }
        }

        using var connection = SqliteMaterializer.OpenConnection();
        SqliteMaterializer.RegisterFunctions(connection, ctx.Session);
        SqliteMaterializer.CreateAndLoad(connection, "main", table.Name,
            table.Columns.Select(c => (c.Name, c.Type.SqliteDeclaredType)).ToList(), []);
        var translated = SqliteTranslator.Translate(where.Tokens, where.Text, where.Tokens[0].Start, new PredicateScope());
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM {SqliteTranslator.QuoteIdentifier(table.Name)} WHERE ({translated.Sql}) LIMIT 0";
        foreach (var (name, value) in translated.Parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        try
        {
            cmd.ExecuteNonQuery();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            const string marker = "no such column: ";
            var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
            throw at >= 0
                ? DorisErrors.UnknownColumn(e.Message[(at + marker.Length)..].Trim(), "table list")
                : DorisErrors.Generic("Invalid delete predicate: " + e.Message);
        }
    }

    private static string LoadInfo(TransactionState txn) =>
        $"{{'label':'{txn.Label}', 'status':'{txn.Status}', 'txnId':'{txn.TxnId.ToString(CultureInfo.InvariantCulture)}'}}";

    private static string NewLabel(string kind)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        var hex = Convert.ToHexString(bytes).ToLowerInvariant();
        return $"{kind}_{hex[..16]}_{hex[16..]}";
    }

    private static string Describe(object? value) => value is null ? "NULL" : ValueText.ToInvariant(value);

    /// <summary>Marks a VALUES item written as DEFAULT.</summary>
    private sealed class DefaultMarker
    {
        public static readonly DefaultMarker Instance = new();
    }

    private sealed class PredicateScope : ITranslationScope
    {
        public string? CurrentDb => null;

        public bool IsDatabase(string name) => false;

        public bool IsTable(string db, string name) => false;

        public object? SystemVariable(string name) => null;
    }
}
