using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// Replays a source database's binlogs onto a target database by hand, as a syncer does: UPSERTs through
/// <see cref="ManualReplicator"/>, and each DDL binlog turned back into the statement it stands for, built only from
/// the payload (and the source's names for ids), then run on the target. A BARRIER carrying an inner binlog is
/// unwrapped first, as the newer syncer does.
/// </summary>
public sealed class DdlReplayer
{
    private readonly DorisNode _source;
    private readonly DorisNode _target;
    private readonly string _srcDb;
    private readonly string _dstDb;
    private readonly ManualReplicator _upserts;

    public DdlReplayer(DorisNode source, DorisNode target, string srcDb, string dstDb)
    {
        _source = source;
        _target = target;
        _srcDb = srcDb;
        _dstDb = dstDb;
        _upserts = new ManualReplicator(source, target, srcDb, dstDb);
    }

    /// <summary>
    /// Rollup columns by rollup name: an ALTER_JOB record names the rollup but not its columns, which a syncer takes
    /// from a snapshot; this hand-run replay is told them instead.
    /// </summary>
    public Dictionary<string, string> RollupColumns { get; } = [];

    /// <summary>The types replayed so far (a BARRIER's inner type counted as itself), in order.</summary>
    public List<TBinlogType> Replayed { get; } = [];

    public long PrevCommitSeq { get; set; }

    /// <summary>Reads and applies every binlog after <see cref="PrevCommitSeq"/>.</summary>
    public async Task ReplayAllAsync()
    {
        while (true)
        {
            var result = await _source.Fe.GetBinlogAsync(new TGetBinlogRequest
            {
                User = "root", Passwd = string.Empty, Db = _srcDb, PrevCommitSeq = PrevCommitSeq, NumAcquired = 100,
            }, CancellationToken.None);
            if (result.Status!.StatusCode == TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ)
            {
                return;
            }

            Assert.Equal(TStatusCode.OK, result.Status.StatusCode);
            foreach (var binlog in result.Binlogs!)
            {
                await ApplyAsync(binlog);
                PrevCommitSeq = binlog.CommitSeq;
            }
        }
    }

    private async Task ApplyAsync(TBinlog binlog)
    {
        var type = binlog.Type;
        var data = binlog.Data is null ? null : JsonNode.Parse(binlog.Data)!.AsObject();
        if (type == TBinlogType.BARRIER)
        {
            if (data?["binlog"] is not { } inner)
            {
                return;
            }

            type = (TBinlogType)data["binlogType"]!.GetValue<int>();
            data = JsonNode.Parse(inner.GetValue<string>())!.AsObject();
        }

        switch (type)
        {
            case TBinlogType.UPSERT:
                await _upserts.ApplyUpsertAsync(binlog);
                break;
            case TBinlogType.CREATE_TABLE:
                await _target.ExecAsync($"USE `{_dstDb}`");
                await _target.ExecAsync(Retarget(data!["sql"]!.GetValue<string>()));
                break;
            case TBinlogType.REPLACE_TABLE:
                await _target.ExecAsync(
                    $"ALTER TABLE `{_dstDb}`.`{Str(data, "origTblName")}` REPLACE WITH TABLE `{Str(data, "actualNewTblName")}` " +
                    $"PROPERTIES (\"swap\" = \"{(data!["swapTable"]!.GetValue<bool>() ? "true" : "false")}\")" +
                    (data["isForce"]!.GetValue<bool>() ? " FORCE" : string.Empty));
                break;
            case TBinlogType.RENAME_PARTITION:
                await _target.ExecAsync(
                    $"ALTER TABLE `{_dstDb}`.`{await SourceTableNameAsync(data!["tb"]!.GetValue<long>())}` " +
                    $"RENAME PARTITION `{Str(data, "oP")}` `{Str(data, "nP")}`");
                break;
            case TBinlogType.MODIFY_VIEW_DEF:
                await _target.ExecAsync(
                    $"ALTER VIEW `{_dstDb}`.`{await SourceTableNameAsync(data!["tableId"]!.GetValue<long>())}` AS " +
                    Retarget(Str(data, "inlineViewDef")));
                break;
            case TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES:
                await _target.ExecAsync($"USE `{_dstDb}`");
                await _target.ExecAsync(Retarget(Str(data, "rawSql")));
                break;
            case TBinlogType.INDEX_CHANGE_JOB:
                // Only a finished build needs replaying: a drop's jobs delete files the target's DROP INDEX handles.
                if (Str(data, "jobState") != "FINISHED" || data!["isDropOp"]!.GetValue<bool>())
                {
                    return;
                }

                await _target.ExecAsync(
                    $"BUILD INDEX `{data["alterInvertedIndexes"]![0]!["in"]!.GetValue<string>()}` ON `{_dstDb}`.`{Str(data, "tableName")}` " +
                    $"PARTITION (`{Str(data, "partitionName")}`)");
                break;

            case TBinlogType.MODIFY_PARTITIONS:
                foreach (var info in data!["infos"]!.AsArray())
                {
                    var table = await SourceTableNameAsync(info!["tableId"]!.GetValue<long>());
                    var mutable = info["dataProperty"]!["isMutable"]!.GetValue<bool>() ? "true" : "false";
                    await _target.ExecAsync(
                        $"ALTER TABLE `{_dstDb}`.`{table}` MODIFY {(info["isTempPartition"]!.GetValue<bool>() ? "TEMPORARY " : string.Empty)}" +
                        $"PARTITION `{Str(info.AsObject(), "partitionName")}` SET (\"is_mutable\" = \"{mutable}\")");
                }

                break;
            case TBinlogType.MODIFY_DISTRIBUTION_BUCKET_NUM:
            {
                var table = await SourceTableNameAsync(data!["tableId"]!.GetValue<long>());
                var by = Str(data, "type") == "HASH"
                    ? $"HASH({string.Join(", ", Str(data, "columnsName").Split(',').Select(c => $"`{c}`"))})"
                    : "RANDOM";
                var buckets = data["autoBucket"]!.GetValue<bool>() ? "AUTO" : data["bucketNum"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
                await _target.ExecAsync($"ALTER TABLE `{_dstDb}`.`{table}` MODIFY DISTRIBUTION DISTRIBUTED BY {by} BUCKETS {buckets}");
                break;
            }

            case TBinlogType.ALTER_JOB:
                if (Str(data, "type") != "ROLLUP" || Str(data, "jobState") != "FINISHED")
                {
                    return;
                }

                await _target.ExecAsync(
                    $"ALTER TABLE `{_dstDb}`.`{Str(data, "tableName")}` ADD ROLLUP `{Str(data, "rollUpIndexName")}` ({RollupColumns[Str(data, "rollUpIndexName")]})");
                break;
            case TBinlogType.RENAME_ROLLUP:
                await _target.ExecAsync(
                    $"ALTER TABLE `{_dstDb}`.`{await SourceTableNameAsync(data!["tb"]!.GetValue<long>())}` RENAME ROLLUP `{Str(data, "oR")}` `{Str(data, "nR")}`");
                break;
            case TBinlogType.DROP_ROLLUP:
                await _target.ExecAsync($"ALTER TABLE `{_dstDb}`.`{Str(data, "tableName")}` DROP ROLLUP `{Str(data, "indexName")}`");
                break;
            case TBinlogType.DROP_PARTITION:
                // Without FORCE, as the source dropped it, so a later RECOVER_INFO finds it in the target's recycle bin.
                await _target.ExecAsync($"ALTER TABLE `{_dstDb}`.`{await SourceTableNameAsync(data!["tableId"]!.GetValue<long>())}` {Str(data, "sql")}");
                break;
            case TBinlogType.RECOVER_INFO:
            {
                var table = await SourceTableNameAsync(data!["tableId"]!.GetValue<long>());
                if (data["partitionId"]!.GetValue<long>() == -1)
                {
                    var newName = Str(data, "newTableName");
                    await _target.ExecAsync($"RECOVER TABLE `{_dstDb}`.`{Str(data, "tableName")}`" + (newName.Length > 0 ? $" AS `{newName}`" : string.Empty));
                }
                else
                {
                    var newName = Str(data, "newPartitionName");
                    await _target.ExecAsync($"RECOVER PARTITION `{Str(data, "partitionName")}`" + (newName.Length > 0 ? $" AS `{newName}`" : string.Empty)
                        + $" FROM `{_dstDb}`.`{table}`");
                }

                break;
            }

            default:
                return;
        }

        Replayed.Add(type);
    }

    private static string Str(JsonObject? data, string key) => data![key]!.GetValue<string>();

    /// <summary>Names of the source database inside SQL point at the target database instead.</summary>
    private string Retarget(string sql) => sql.Replace($"`{_srcDb}`.", $"`{_dstDb}`.", StringComparison.Ordinal);

    /// <summary>The source's current name for a table or view id, as a syncer looks it up.</summary>
    private async Task<string> SourceTableNameAsync(long id) =>
        (await _source.QueryAsync($"SHOW TABLE {id}")).Rows.Single().GetString("TableName");
}
