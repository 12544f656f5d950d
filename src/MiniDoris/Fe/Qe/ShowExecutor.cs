using System.Globalization;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql.Ast;
using MiniDoris.Fe.Txn;

namespace MiniDoris.Fe.Qe;

/// <summary>SHOW statements, with the column names and order Doris prints.</summary>
internal static class ShowExecutor
{
    public static readonly string[] PartitionColumns =
    [
        "PartitionId", "PartitionName", "VisibleVersion", "VisibleVersionTime", "State", "PartitionKey", "Range", "DistributionKey",
        "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "RemoteStoragePolicy", "LastConsistencyCheckTime", "DataSize",
        "IsInMemory", "ReplicaAllocation", "IsMutable", "SyncWithBaseTables", "UnsyncTables", "CommittedVersion", "RowCount",
    ];

    private static readonly string[] TransactionColumns =
    [
        "TransactionId", "Label", "Coordinator", "TransactionStatus", "LoadJobSourceType", "PrepareTime", "PreCommitTime",
        "CommitTime", "PublishTime", "FinishTime", "Reason", "ErrorReplicasCount", "ListenerId", "TimeoutMs", "ErrMsg",
    ];

    public static QueryResult Databases(StatementContext ctx, ShowDatabasesStmt stmt)
    {
        var names = new[] { "information_schema", "mysql" }
            .Concat(ctx.State.Databases.Where(d => ctx.State.Auth.HasAnyPrivilegeOnDb(ctx.Session.User, d.Name)).Select(d => d.Name))
            .Where(n => LikePattern.Matches(n, stmt.Like, caseSensitive: true))
            .Order(StringComparer.Ordinal);
        return QueryResult.Text(["Database"], names.Select(n => new string?[] { n }).ToList());
    }

    public static QueryResult Tables(StatementContext ctx, ShowTablesStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Db);
        var tables = db.Tables.Where(t => LikePattern.Matches(t.Name, stmt.Like, caseSensitive: true)).OrderBy(t => t.Name, StringComparer.Ordinal);
        var column = "Tables_in_" + db.Name;
        return stmt.Full
            ? QueryResult.Text([column, "Table_type"], tables.Select(t => new string?[] { t.Name, t.Kind == TableKind.VIEW ? "VIEW" : "BASE TABLE" }).ToList())
            : QueryResult.Text([column], tables.Select(t => new string?[] { t.Name }).ToList());
    }

    public static QueryResult CreateTable(StatementContext ctx, ShowCreateTableStmt stmt)
    {
        var (_, table) = ctx.ResolveTable(stmt.Name);
        if (table is View view)
        {
            return QueryResult.Text(["View", "Create View", "character_set_client", "collation_connection"],
                [[view.Name, CreateTableFormatter.Format(view), "utf8mb4", "utf8mb4_0900_bin"]]);
        }

        if (stmt.IsView)
        {
            throw DorisErrors.Generic($"Table[{table.Name}] is not a VIEW");
        }

        return QueryResult.Text(["Table", "Create Table"],
            [[table.Name, CreateTableFormatter.Format((OlapTable)table, ctx.FeatureBinlogEnabled)]]);
    }

    public static QueryResult CreateDatabase(StatementContext ctx, ShowCreateDatabaseStmt stmt)
    {
        var db = ctx.State.GetDb(stmt.Name);
        return QueryResult.Text(["Database", "Create Database"], [[db.Name, CreateTableFormatter.Format(db, ctx.FeatureBinlogEnabled)]]);
    }

    public static QueryResult Partitions(StatementContext ctx, ShowPartitionsStmt stmt)
    {
        var (_, table) = ctx.ResolveOlapTable(stmt.Table);
        return QueryResult.Text(PartitionColumns, PartitionRows(ctx.State, table, stmt.Temp));
    }

    public static List<string?[]> PartitionRows(ClusterState state, OlapTable table, bool temp)
    {
        var partitions = CreateTableFormatter.SortedPartitions(table, temp ? table.TempPartitions : table.Partitions);
        return partitions.Select(p => new string?[]
        {
            I(p.Id), p.Name, I(p.VisibleVersion), ClusterInfoRows.Format(p.VisibleVersionTime), "NORMAL",
            string.Join(", ", table.PartitionColumns), p.RangeString,
            p.Distribution.Type == DistributionType.HASH ? string.Join(", ", p.Distribution.Columns) : "RANDOM",
            I(p.Distribution.BucketNum), I(p.ReplicationNum), "HDD", "9999-12-31 23:59:59", string.Empty, null, "0.000 ",
            p.IsInMemory ? "true" : "false", $"tag.location.default: {p.ReplicationNum}", p.IsMutable ? "true" : "false", "true",
            "\\N", I(p.NextVersion - 1), I(RowCount(state, table, p)),
        }).ToList();
    }

    public static QueryResult Columns(StatementContext ctx, ShowColumnsStmt stmt)
    {
        var (_, table) = ctx.ResolveTable(stmt.Table);
        var olap = table as OlapTable;
        string Extra(Column c) => olap is null || c.IsKey ? string.Empty : c.Aggregation.ToString();
        if (stmt.IsDescribe && stmt.All && olap is not null)
        {
            // One block per visible index, as Doris's DescribeStmt: the base index (named after the table) first, then each
            // rollup with its own columns; the index name and keys type only on a block's first row.
            var rows = new List<string?[]>();
            var indexes = olap.Indexes.Where(i => !i.IsShadow).OrderBy(i => i.Id == olap.BaseIndexId ? 0 : 1).ThenBy(i => i.Id);
            foreach (var index in indexes)
            {
                var columns = index.Id == olap.BaseIndexId || index.Columns.Count == 0
                    ? table.Columns
                    : index.Columns.Select(n => table.Columns.First(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
                rows.AddRange(columns.Select((c, i) => new string?[]
                {
                    i == 0 ? index.Name : string.Empty, i == 0 ? olap.KeysType.ToString() : string.Empty, c.Name, c.Type.ToSql(),
                    InternalType(c.Type), c.IsAllowNull ? "Yes" : "No", c.IsKey ? "true" : "false", c.DefaultValue, Extra(c), "true",
                    string.Empty, string.Empty,
                }));
            }
            return QueryResult.Text(
                ["IndexName", "IndexKeysType", "Field", "Type", "InternalType", "Null", "Key", "Default", "Extra", "Visible", "DefineExpr", "WhereClause"],
                rows);
        }

        if (stmt.Full)
        {
            return QueryResult.Text(["Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"],
                table.Columns.Select(c => new string?[]
                {
                    c.Name, c.Type.ToSql(), null, c.IsAllowNull ? "YES" : "NO", c.IsKey ? "YES" : "NO", c.DefaultValue, Extra(c), string.Empty, c.Comment,
                }).ToList());
        }

        return QueryResult.Text(["Field", "Type", "Null", "Key", "Default", "Extra"],
            table.Columns.Select(c => new string?[]
            {
                c.Name, c.Type.ToSql(), c.IsAllowNull ? "Yes" : "No", c.IsKey ? "true" : "false", c.DefaultValue, Extra(c),
            }).ToList());
    }

    public static QueryResult TableById(StatementContext ctx, ShowTableIdStmt stmt)
    {
        var found = ctx.State.FindTable(stmt.TableId);
        var rows = found is { } f ? [[f.Db.Name, f.Table.Name, I(f.Db.Id)]] : new List<string?[]>();
        return QueryResult.Text(["DbName", "TableName", "DbId"], rows);
    }

    public static QueryResult Backends(StatementContext ctx)
    {
        ctx.RequireAdminOrNode();
        return QueryResult.Text(ClusterInfoRows.BackendColumns, ClusterInfoRows.Backends(ctx.State));
    }

    public static QueryResult Frontends(StatementContext ctx)
    {
        ctx.RequireAdminOrNode();
        return QueryResult.Text(ClusterInfoRows.FrontendColumns, ClusterInfoRows.Frontends(ctx.State, ctx.Options, ctx.Options.MasterFrontend, ctx.Session.Frontend));
    }

    /// <summary>ADMIN SHOW FRONTEND CONFIG and SHOW FRONTEND CONFIG, both ADMIN-only in Doris.</summary>
    public static QueryResult FrontendConfig(StatementContext ctx, ShowFrontendConfigStmt stmt)
    {
        ctx.RequireAdmin();
        var rows = Fe.FrontendConfig.Known
            .Where(k => LikePattern.Matches(k.Key, stmt.Like, caseSensitive: false))
            .Select(k => new string?[] { k.Key, ctx.State.Config.Get(k.Key), k.Type, k.IsMutable ? "true" : "false", k.MasterOnly ? "true" : "false", k.Comment })
            .ToList();
        rows.AddRange(ctx.Faults.Snapshot()
            .Where(f => LikePattern.Matches(f.Key, stmt.Like, caseSensitive: false))
            .Select(f => new string?[] { f.Key, f.Value, "String", "true", "true", "minidoris fault injection" }));
        return QueryResult.Text(["Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment"], rows);
    }

    public static QueryResult Transaction(StatementContext ctx, ShowTransactionStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Db);
        LoadTransactions.AbortExpired(ctx.State);
        LoadTransactions.PublishReady(ctx.State);
        var txn = stmt.Id is { } id ? ctx.State.Transactions.Find(id) : ctx.State.Transactions.FindByLabel(db.Id, stmt.Label!);
        if (txn is null || txn.DbId != db.Id)
        {
            throw DorisErrors.Generic(stmt.Id is not null
                ? $"transaction with id {stmt.Id} does not exist"
                : $"transaction with label {stmt.Label} does not exist");
        }

        return QueryResult.Text(TransactionColumns, [TransactionRow(txn)]);
    }

    public static string?[] TransactionRow(TransactionState txn) =>
    [
        I(txn.TxnId), txn.Label, txn.Coordinator, txn.Status.ToString(), txn.SourceType,
        ClusterInfoRows.Format(txn.PrepareTime) ?? "NULL", ClusterInfoRows.Format(txn.PreCommitTime) ?? "NULL",
        ClusterInfoRows.Format(txn.CommitTime) ?? "NULL", ClusterInfoRows.Format(txn.PublishTime) ?? "NULL",
        ClusterInfoRows.Format(txn.FinishTime) ?? "NULL", txn.Reason, "0", "-1", I(txn.TimeoutMs), txn.ErrMsg,
    ];

    public static QueryResult Indexes(StatementContext ctx, ShowIndexesStmt stmt)
    {
        var (_, table) = ctx.ResolveTable(stmt.Table);
        var rows = (table as OlapTable)?.TableIndexes.Select(i => new string?[]
        {
            table.Name, string.Empty, i.Name, string.Empty, string.Join(",", i.Columns), string.Empty, string.Empty, string.Empty,
            string.Empty, string.Empty, i.IndexType, i.Comment,
            i.Properties.Count == 0 ? string.Empty : "(" + string.Join(", ", i.Properties.Select(p => $"\"{p.Key}\" = \"{p.Value}\"")) + ")",
        }).ToList() ?? [];
        return QueryResult.Text(
            ["Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment", "Properties"],
            rows);
    }

    public static QueryResult Variables(StatementContext ctx, ShowVariablesStmt stmt)
    {
        var rows = SessionVariables.Defaults.Keys
            .Union(ctx.Session.Variables.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(k => LikePattern.Matches(k, stmt.Like, caseSensitive: false))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(k =>
            {
                var value = SessionVariables.Get(ctx.Session, k);
                var def = SessionVariables.Defaults.GetValueOrDefault(k) ?? string.Empty;
                return new string?[] { k, value, def, value == def ? "0" : "1" };
            })
            .ToList();
        return QueryResult.Text(["Variable_name", "Value", "Default_Value", "Changed"], rows);
    }

    public static QueryResult AlterJobs(StatementContext ctx, ShowAlterTableStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Db);
        var rows = ctx.State.Image.AlterJobs.Where(j => j.DbId == db.Id).Select(j => new string?[]
        {
            I(j.JobId), j.TableName, ClusterInfoRows.Format(j.CreateTime), ClusterInfoRows.Format(j.FinishTime), j.IndexName,
            I(j.IndexId), I(j.OriginIndexId), "1:0", "-1", j.State, j.Msg, j.State == "FINISHED" ? "100%" : "0%", I(j.TimeoutSeconds),
        }).ToList();
        return QueryResult.Text(
            ["JobId", "TableName", "CreateTime", "FinishTime", "IndexName", "IndexId", "OriginIndexId", "SchemaVersion", "TransactionId", "State", "Msg", "Progress", "Timeout"],
            rows);
    }

    /// <summary>Rows in the base index's tablets, unmerged (Doris reports tablet row counts the same way).</summary>
    private static long RowCount(ClusterState state, OlapTable table, Partition partition) =>
        partition.GetIndex(table.BaseIndexId)?.Tablets.Sum(t => state.Store.CountRows(t.Id, partition.VisibleVersion)) ?? 0;

    private static string InternalType(ColumnType type) => type.Type switch
    {
        PrimitiveType.DECIMAL32 or PrimitiveType.DECIMAL64 or PrimitiveType.DECIMAL128 => $"{type.Type}({type.Precision}, {type.Scale})",
        PrimitiveType.VARCHAR or PrimitiveType.CHAR => $"{type.Type}({type.Length})",
        PrimitiveType.DATETIMEV2 => $"DATETIMEV2({type.Scale})",
        _ => type.Type.ToString(),
    };

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
