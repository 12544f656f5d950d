using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Syncer.Configuration;
using Syncer.Doris.Rpc;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Jobs;
using Syncer.Tests.Support;
using Syncer.Wire.MySql;
using Syncer.Wire.Thrift.Client;

namespace Syncer.Tests.Engine.Binlogs;

/// <summary>One pair of minidoris processes for every handler test class (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class BinlogHandlerCollection : ICollectionFixture<MiniDorisPair>
{
    public const string Name = "binlog handlers against minidoris";
}

/// <summary>
/// What every DDL handler must do, checked against real minidoris processes: a DDL runs on the source, its binlog is
/// read back with getBinlog (as the syncer reads it), resolved and handed to the handler with the other process as the
/// target; the test then reads the target's catalog and data. Replaying the same binlog (IsReplay) must succeed and
/// change nothing. The target table is named differently from the source table, so a handler that used the source
/// name would fail.
/// </summary>
[Collection(BinlogHandlerCollection.Name)]
[Trait("Category", "EndToEnd")]
public abstract class BinlogHandlerContractTests(MiniDorisPair pair) : IAsyncLifetime
{
    private FrontendClient? _srcFe;

    protected MiniDorisCluster Src => pair.Src;

    protected MiniDorisCluster Dest => pair.Dest;

    protected string SrcDb { get; } = MiniDorisCluster.UniqueName("bh_src");

    protected string DestDb { get; } = MiniDorisCluster.UniqueName("bh_dst");

    protected string SrcTable { get; } = MiniDorisCluster.UniqueName("t");

    protected string DestTable => SrcTable + "_target";

    protected long SrcTableId { get; private set; }

    /// <summary>The last source commit seq read for the table.</summary>
    protected long Seq { get; private set; }

    /// <summary>The columns, keys, partitioning and distribution both tables are created with.</summary>
    protected virtual string TableLayout => "(id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1";

    protected BinlogHandlers Handlers { get; } = BinlogHandlers.CreateDefault();

    protected FeatureFlags Features { get; } = new();

    public async Task InitializeAsync()
    {
        await Src.ExecuteAsync($"CREATE DATABASE {MySqlQuote.Identifier(SrcDb)}",
            $"CREATE TABLE {SrcRef} {TableLayout} PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})");
        await Dest.ExecuteAsync($"CREATE DATABASE {MySqlQuote.Identifier(DestDb)}",
            $"CREATE TABLE {DestRef} {TableLayout} PROPERTIES (\"replication_num\" = \"1\")");
        SrcTableId = await Src.TableIdAsync(SrcDb, SrcTable);
        _srcFe = new FrontendClient(new ThriftClientOptions("127.0.0.1", Src.RpcPort));
        await ReadNewBinlogsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_srcFe is not null) await _srcFe.DisposeAsync();
    }

    protected string SrcRef => $"{MySqlQuote.Identifier(SrcDb)}.{MySqlQuote.Identifier(SrcTable)}";

    protected string DestRef => $"{MySqlQuote.Identifier(DestDb)}.{MySqlQuote.Identifier(DestTable)}";

    /// <summary>A table job replicating the source table into the target table.</summary>
    protected JobInfo Job(long? srcTableId = null) => new()
    {
        SyncType = SyncType.TableSync,
        Name = "job_" + SrcTable,
        Src = Src.Spec(SrcDb, SrcTable) with { TableId = srcTableId ?? SrcTableId },
        Dest = Dest.Spec(DestDb, DestTable),
    };

    /// <summary>A database job replicating the source database into the target database.</summary>
    protected async Task<JobInfo> DbJobAsync() => new()
    {
        SyncType = SyncType.DbSync,
        Name = "dbjob_" + SrcTable,
        Src = Src.Spec(SrcDb) with { DbId = await Src.DatabaseIdAsync(SrcDb) ?? 0 },
        Dest = Dest.Spec(DestDb) with { DbId = await Dest.DatabaseIdAsync(DestDb) ?? 0 },
    };

    /// <summary>A database job's progress mapping the source table to the target table (named differently, so a handler using the source name fails).</summary>
    protected async Task<JobProgress> DbProgressAsync(long? commitSeq = null) => Syncer.Engine.Database.DbTableMap.Map(
        new JobProgress { JobName = "dbjob_" + SrcTable, SyncState = SyncState.DBIncrementalSync, CommitSeq = commitSeq ?? Seq },
        SrcTableId, DestTable, await Dest.TableIdAsync(DestDb, DestTable));

    /// <summary>Turns on the source database's binlog, so the database-level list (CREATE/DROP_TABLE) exists.</summary>
    protected async Task EnableDatabaseBinlogAsync()
    {
        await Src.ExecuteAsync($"ALTER DATABASE {MySqlQuote.Identifier(SrcDb)} SET PROPERTIES ({MiniDorisCluster.BinlogOn})");
        await ReadNewBinlogsAsync(database: true);
    }

    /// <summary>Runs <paramref name="sql"/> on the source and returns the one binlog of <paramref name="type"/> the database list recorded.</summary>
    protected async Task<TBinlog> SourceDatabaseBinlogAsync(string sql, TBinlogType type)
    {
        await Src.ExecuteAsync(sql);
        return Assert.Single(await ReadNewBinlogsAsync(database: true), b => b.Type == type);
    }

    /// <summary>The table's (or with <paramref name="database"/> the database's) binlogs after <see cref="Seq"/>, read with getBinlog until caught up.</summary>
    protected async Task<List<TBinlog>> ReadNewBinlogsAsync(bool database = false)
    {
        var read = new List<TBinlog>();
        for (var round = 0; round < 100; round++)
        {
            var result = await _srcFe!.GetBinlogAsync(new TGetBinlogRequest
            {
                User = "root", Passwd = "", Db = SrcDb, Table = database ? null : SrcTable, TableId = database ? null : SrcTableId, PrevCommitSeq = Seq, NumAcquired = 100,
            }, CancellationToken.None);
            var status = result.Status!.StatusCode;
            // As in Doris, a table without any binlog yet has no binlog list: nothing to read.
            if (status is TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ or TStatusCode.BINLOG_NOT_FOUND_TABLE) return read;
            Assert.True(status is TStatusCode.OK or TStatusCode.BINLOG_TOO_OLD_COMMIT_SEQ, $"getBinlog: {status} {string.Join(";", result.Status.ErrorMsgs ?? [])}");
            var progressed = false;
            foreach (var binlog in result.Binlogs ?? [])
            {
                if (binlog.CommitSeq > Seq)
                {
                    Seq = binlog.CommitSeq!.Value;
                    progressed = true;
                    if (binlog.Type != TBinlogType.DUMMY) read.Add(binlog);
                }
            }
            if (!progressed) return read;
        }
        throw new InvalidOperationException("getBinlog never caught up");
    }

    /// <summary>Runs <paramref name="sql"/> on the source and returns the one binlog it recorded for the table.</summary>
    protected async Task<TBinlog> SourceBinlogAsync(string sql, TBinlogType? type = null)
    {
        await Src.ExecuteAsync(sql);
        var binlogs = await ReadNewBinlogsAsync();
        if (type is not null) binlogs = binlogs.Where(b => b.Type == type).ToList();
        return Assert.Single(binlogs);
    }

    /// <summary>Resolves and applies one binlog on the target, as the job runner does.</summary>
    protected async Task<BinlogOutcome> ApplyAsync(TBinlog binlog, bool replay = false, JobProgress? progress = null, JobInfo? job = null)
    {
        var resolved = Handlers.Resolve(binlog);
        await using var session = await WireDorisSqlSession.OpenAsync("127.0.0.1", Dest.QueryPort, "root", "",
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeProvider.System, CancellationToken.None);
        var context = new BinlogContext
        {
            Binlog = resolved.Binlog,
            Job = job ?? Job(),
            Progress = progress ?? new JobProgress { JobName = "job_" + SrcTable, SyncState = SyncState.TableIncrementalSync, CommitSeq = binlog.CommitSeq ?? 0 },
            IsReplay = replay,
            Target = session,
            Features = Features,
            Logger = NullLogger.Instance,
        };
        return await resolved.Handler.HandleAsync(context, CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on the source, applies its binlog to the target (which must answer Applied), then
    /// replays it as after a crash: the replay must answer Applied and leave the target exactly as it was.
    /// </summary>
    protected async Task<TBinlog> ReplicateAsync(string sql, TBinlogType? type = null)
    {
        var binlog = await SourceBinlogAsync(sql, type);
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog));
        var before = await TargetStateAsync();
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: true));
        Assert.Equal(before, await TargetStateAsync());
        return binlog;
    }

    /// <summary>The target table as a text: its definition, partitions (without ids and times) and rows.</summary>
    protected async Task<string> TargetStateAsync()
    {
        var create = await Dest.ShowCreateTableAsync(DestDb, DestTable);
        var partitions = await PartitionsAsync(Dest, DestDb, DestTable, temporary: false);
        var temps = await PartitionsAsync(Dest, DestDb, DestTable, temporary: true);
        var rows = await RowsAsync(Dest, DestRef);
        return string.Join("\n---\n", create, string.Join("\n", partitions), string.Join("\n", temps), string.Join("\n", rows));
    }

    /// <summary>"name|range|buckets" per partition.</summary>
    protected static async Task<IReadOnlyList<string>> PartitionsAsync(MiniDorisCluster cluster, string db, string table, bool temporary)
    {
        var sql = $"SHOW {(temporary ? "TEMPORARY " : "")}PARTITIONS FROM {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)}";
        var names = await cluster.QueryColumnAsync(sql, "PartitionName");
        var ranges = await cluster.QueryColumnAsync(sql, "Range");
        var buckets = await cluster.QueryColumnAsync(sql, "Buckets");
        return names.Select((n, i) => $"{n}|{ranges[i]}|{buckets[i]}").Order(StringComparer.Ordinal).ToList();
    }

    protected static async Task<IReadOnlyList<string>> ColumnsAsync(MiniDorisCluster cluster, string db, string table) =>
        (await cluster.QueryColumnAsync($"SHOW COLUMNS FROM {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)}", "Field")).Select(f => f!).ToList();

    /// <summary>Every row of a table, as "c1|c2|...", sorted.</summary>
    protected static async Task<IReadOnlyList<string>> RowsAsync(MiniDorisCluster cluster, string tableRef)
    {
        await using var connection = await MySqlConnection.OpenAsync(
            new MySqlConnectionOptions { Host = "127.0.0.1", Port = cluster.QueryPort, User = "root" }, CancellationToken.None);
        var result = await connection.QueryResultSetAsync($"SELECT * FROM {tableRef}", CancellationToken.None);
        return result.Rows
            .Select(r => string.Join("|", Enumerable.Range(0, result.Columns.Count).Select(i => r.GetStringOrNull(i) ?? "\\N")))
            .Order(StringComparer.Ordinal).ToList();
    }

    protected static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
