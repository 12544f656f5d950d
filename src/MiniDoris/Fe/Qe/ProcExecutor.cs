using System.Globalization;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Qe;

/// <summary>SHOW PROC paths the syncer and operators use, with Doris's column titles.</summary>
internal static class ProcExecutor
{
    public static QueryResult Execute(StatementContext ctx, string path)
    {
        ctx.RequireAdmin();
        var parts = path.Trim().Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return QueryResult.Text(["name"], new[] { "backends", "binlog", "dbs", "frontends", "transactions" }.Select(n => new string?[] { n }).ToList());
        }

        return parts[0] switch
        {
            "dbs" => Dbs(ctx, parts),
            "backends" when parts.Length == 1 => QueryResult.Text(ClusterInfoRows.BackendColumns, ClusterInfoRows.Backends(ctx.State)),
            "frontends" when parts.Length == 1 => QueryResult.Text(ClusterInfoRows.FrontendColumns, ClusterInfoRows.Frontends(ctx.State, ctx.Options, ctx.Options.MasterFrontend, ctx.Session.Frontend)),
            "binlog" when parts.Length == 1 => Binlog(ctx),
            // minidoris's own (Doris has no such proc): Thrift calls served per method, for the benchmark.
            "minidoris_rpc_calls" when parts.Length == 1 => QueryResult.Text(["Method", "Calls"],
                ctx.Faults.Calls.Snapshot().Select(c => new string?[] { c.Key, c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList()),
            _ => throw Invalid(path),
        };
    }

    private static QueryResult Dbs(StatementContext ctx, string[] parts)
    {
        var state = ctx.State;
        if (parts.Length == 1)
        {
            return QueryResult.Text(
                ["DbId", "DbName", "TableNum", "Size", "Quota", "LastConsistencyCheckTime", "ReplicaCount", "ReplicaQuota", "RunningTransactionNum", "TransactionQuota", "LastUpdateTime"],
                state.Databases.OrderBy(d => d.Id).Select(d => new string?[]
                {
                    I(d.Id), d.Name, I(d.Tables.Count), "0.000 ", "1024.000 TB", null, I(ReplicaCount(d.OlapTables)), "1073741824",
                    I(state.Transactions.All.Count(t => t.DbId == d.Id && t.Status is Txn.TransactionStatus.PREPARE or Txn.TransactionStatus.COMMITTED)),
                    "1000", ClusterInfoRows.Format(d.Tables.Select(t => t.UpdateTime).DefaultIfEmpty(d.CreateTime).Max()),
                }).ToList());
        }

        var db = state.FindDb(ParseId(parts[1], string.Join('/', parts))) ?? throw Invalid(string.Join('/', parts));
        if (parts.Length == 2)
        {
            return QueryResult.Text(
                ["TableId", "TableName", "IndexNum", "PartitionColumnName", "PartitionNum", "State", "Type", "LastConsistencyCheckTime", "ReplicaCount", "VisibleVersion", "VisibleVersionTime", "RunningTransactionNum", "LastUpdateTime"],
                db.Tables.OrderBy(t => t.Id).Select(t => t is OlapTable o
                    ? new string?[]
                    {
                        I(o.Id), o.Name, I(o.Indexes.Count), string.Join(", ", o.PartitionColumns), I(o.Partitions.Count), "NORMAL", "OLAP", null,
                        I(ReplicaCount([o])), I(o.Partitions.Select(p => p.VisibleVersion).DefaultIfEmpty(1).Max()),
                        ClusterInfoRows.Format(o.Partitions.Select(p => p.VisibleVersionTime).DefaultIfEmpty(o.CreateTime).Max()), "0",
                        ClusterInfoRows.Format(o.UpdateTime),
                    }
                    : [I(t.Id), t.Name, null, null, null, null, "VIEW", null, null, null, null, null, ClusterInfoRows.Format(t.UpdateTime)]).ToList());
        }

        var table = db.FindTable(ParseId(parts[2], string.Join('/', parts))) as OlapTable ?? throw Invalid(string.Join('/', parts));
        if (parts.Length == 3)
        {
            return QueryResult.Text(["Nodes"], new[] { "partitions", "temp_partitions", "index_schema" }.Select(n => new string?[] { n }).ToList());
        }

        var temp = parts[3] switch
        {
            "partitions" => false,
            "temp_partitions" => true,
            _ => throw Invalid(string.Join('/', parts)),
        };
        if (parts.Length == 4)
        {
            return QueryResult.Text(ShowExecutor.PartitionColumns, ShowExecutor.PartitionRows(state, table, temp));
        }

        var partition = table.FindPartition(ParseId(parts[4], string.Join('/', parts)));
        if (partition is null || partition.IsTemp != temp)
        {
            throw Invalid(string.Join('/', parts));
        }

        if (parts.Length == 5)
        {
            return QueryResult.Text(["IndexId", "IndexName", "State", "LastConsistencyCheckTime"],
                partition.Indexes.Select(i => new string?[]
                {
                    I(i.Id), table.Indexes.FirstOrDefault(m => m.Id == i.Id)?.Name ?? table.Name, i.State, null,
                }).ToList());
        }

        var index = partition.GetIndex(ParseId(parts[5], string.Join('/', parts))) ?? throw Invalid(string.Join('/', parts));
        if (parts.Length == 6)
        {
            var schemaHash = table.Indexes.FirstOrDefault(m => m.Id == index.Id)?.SchemaHash ?? 0;
            return QueryResult.Text(
                ["TabletId", "ReplicaId", "BackendId", "SchemaHash", "Version", "LstSuccessVersion", "LstFailedVersion", "LstFailedTime",
                 "LocalDataSize", "RemoteDataSize", "RowCount", "State", "LstConsistencyCheckTime", "CheckVersion", "VisibleVersionCount",
                 "VersionCount", "QueryHits", "PathHash", "Path", "MetaUrl", "CompactionStatus", "CooldownReplicaId", "CooldownMetaId"],
                index.Tablets.SelectMany(t => t.Replicas.Select(r =>
                {
                    var be = state.FindBackend(r.BackendId);
                    var http = be is null ? string.Empty : $"http://{be.Host}:{be.HttpPort.ToString(CultureInfo.InvariantCulture)}";
                    return new string?[]
                    {
                        I(t.Id), I(r.Id), I(r.BackendId), I(schemaHash), I(r.Version), I(r.Version), "-1", null, "0", "0", "0", "NORMAL", null,
                        "-1", I(r.Version), I(r.Version), "0", "0", "/minidoris/data", $"{http}/api/meta/header/{I(t.Id)}",
                        $"{http}/api/compaction/show?tablet_id={I(t.Id)}", "-1", string.Empty,
                    };
                })).ToList());
        }

        throw Invalid(string.Join('/', parts));
    }

    private static QueryResult Binlog(StatementContext ctx)
    {
        var state = ctx.State;
        var rows = new List<string?[]>();
        foreach (var db in state.Binlogs.AllDbs.OrderBy(d => d.DbId))
        {
            var catalogDb = state.FindDb(db.DbId);
            rows.Add(BinlogRow(catalogDb?.Name ?? I(db.DbId), "db", db.DbId, catalogDb is null, db.All, catalogDb?.BinlogConfig));
            foreach (var (tableId, list) in db.Tables.OrderBy(t => t.Key))
            {
                var table = catalogDb?.FindTable(tableId) as OlapTable;
                rows.Add(BinlogRow(table?.Name ?? I(tableId), "table", tableId, table is null, list, table?.BinlogConfig));
            }
        }

        return QueryResult.Text(
            ["Name", "Type", "Id", "Dropped", "BinlogLength", "BinlogSize", "FirstBinlogCommittedTime", "ReadableFirstBinlogCommittedTime",
             "LastBinlogCommittedTime", "ReadableLastBinlogCommittedTime", "BinlogTtlSeconds", "BinlogMaxBytes", "BinlogMaxHistoryNums"],
            rows);
    }

    private static string?[] BinlogRow(string name, string type, long id, bool dropped, Binlog.BinlogList list, BinlogConfig? config)
    {
        var first = list.Items.FirstOrDefault();
        var last = list.Items.LastOrDefault();
        return
        [
            name, type, I(id), dropped ? "true" : "false", I(list.Items.Count), I(list.Items.Sum(b => b.ApproximateSize)),
            first is null ? null : I(first.Timestamp), first is null ? null : ClusterInfoRows.Format(first.Timestamp),
            last is null ? null : I(last.Timestamp), last is null ? null : ClusterInfoRows.Format(last.Timestamp),
            config is null ? null : I(config.TtlSeconds), config is null ? null : I(config.MaxBytes), config is null ? null : I(config.MaxHistoryNums),
        ];
    }

    private static long ReplicaCount(IEnumerable<OlapTable> tables) =>
        tables.Sum(t => t.AllPartitions().Sum(p => p.AllTablets().Sum(tab => tab.Replicas.Count)));

    private static long ParseId(string text, string path) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw Invalid(path);

    private static DorisException Invalid(string path) => DorisErrors.Generic($"Proc path '/{path}' doesn't exist");

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
