using MiniDoris.Faults;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Rpc;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.ThriftFront;

/// <summary>
/// The FE's Thrift FrontendService: maps Doris's messages onto the engine's <see cref="FrontendRpc"/> methods,
/// through the armed faults.
/// </summary>
internal sealed class FrontendThriftService : IFrontendService
{
    /// <summary>Doris's FrontendServiceImpl text for a CCR method called on a follower.</summary>
    public const string NotMasterMessage = "FE is not master";

    private readonly DorisCluster _cluster;
    private readonly int _frontend;

    /// <param name="cluster">The engine every FE shares.</param>
    /// <param name="frontend">Which FE this service answers for (index in the ready line's FE list).</param>
    public FrontendThriftService(DorisCluster cluster, int frontend = 0)
    {
        _cluster = cluster;
        _frontend = frontend;
    }

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetBinlog, () =>
        {
            var response = _cluster.Frontend.GetBinlog(ToEngine(request));
            return new TGetBinlogResult
            {
                Status = ToThrift(response.Status),
                Binlogs = response.Binlogs.Count == 0 ? null : response.Binlogs.Select(ToThrift).ToList(),
            };
        }, (status, master) => new TGetBinlogResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetBinlogLag, () =>
        {
            var response = _cluster.Frontend.GetBinlogLag(ToEngine(request));
            var result = new TGetBinlogLagResult { Status = ToThrift(response.Status) };
            if (response.Lag is { } lag)
            {
                result.Lag = lag.Lag;
                result.FirstCommitSeq = lag.FirstCommitSeq;
                result.LastCommitSeq = lag.LastCommitSeq;
                result.FirstBinlogTimestamp = lag.FirstBinlogTimestamp;
                result.LastBinlogTimestamp = lag.LastBinlogTimestamp;
                result.NextCommitSeq = lag.NextCommitSeq;
                result.NextBinlogTimestamp = lag.NextBinlogTimestamp;
            }

            return result;
        }, (status, master) => new TGetBinlogLagResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetMasterToken, () =>
        {
            var response = _cluster.Frontend.GetMasterToken(request.User, request.Password);
            return new TGetMasterTokenResult { Status = ToThrift(response.Status), Token = response.Token };
        }, (status, master) => new TGetMasterTokenResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetMeta, () =>
        {
            var response = _cluster.Frontend.GetMeta(new MetaRequest
            {
                User = request.User,
                Passwd = request.Passwd,
                Token = request.Token,
                DbId = request.Db is { __isset.id: true } db ? db.Id : null,
                DbName = request.Db?.Name,
                OnlyTableNames = request.Db?.OnlyTableNames ?? false,
                Tables = request.Db?.Tables?.Select(t => new MetaTableSelector(t.__isset.id ? t.Id : null, t.Name)).ToList(),
            });
            return new TGetMetaResult { Status = ToThrift(response.Status), DbMeta = response.Db is null ? null : ToThrift(response.Db) };
        }, (status, master) => new TGetMetaResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetBackendMeta, () =>
        {
            var response = _cluster.Frontend.GetBackendMeta(request.User, request.Passwd, request.Token);
            return new TGetBackendMetaResult
            {
                Status = ToThrift(response.Status),
                Backends = response.Backends.Select(b => new TBackend
                {
                    Host = b.Host,
                    BePort = b.BePort,
                    HttpPort = b.HttpPort,
                    BrpcPort = b.BrpcPort,
                    IsAlive = b.IsAlive,
                    Id = b.Id,
                }).ToList(),
            };
        }, (status, master) => new TGetBackendMetaResult { Status = status, Backends = [], MasterAddress = master }, cancellationToken);

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.BeginTxn, () => _cluster.Frontend.BeginTxn(request),
            (status, master) => new TBeginTxnResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.CommitTxn, () => _cluster.Frontend.CommitTxn(request),
            (status, master) => new TCommitTxnResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.RollbackTxn, () => _cluster.Frontend.RollbackTxn(request),
            (status, master) => new TRollbackTxnResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.GetSnapshot, () => _cluster.Frontend.GetSnapshot(request),
            (status, master) => new TGetSnapshotResult { Status = status, MasterAddress = master }, cancellationToken);

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        Serve(DorisMethods.RestoreSnapshot, () => _cluster.Frontend.RestoreSnapshot(request),
            (status, master) => new TRestoreSnapshotResult { Status = status, MasterAddress = master }, cancellationToken);

    /// <summary>
    /// Runs an FE method through the fault switches: not_master (all FE methods, or this one), then rpc.&lt;method&gt;
    /// (fail with a status, delay, time out or reset the connection; with <c>after</c> the call runs first).
    /// </summary>
    private async ValueTask<TResult> Serve<TResult>(
        string method, Func<TResult> call, Func<TStatus, TNetworkAddress?, TResult> withStatus, CancellationToken cancellationToken)
    {
        _cluster.Faults.Calls.Increment(method);
        // FrontendServiceImpl checks isMaster first in every CCR method (getBinlog, getBinlogLag, getMeta,
        // getBackendMeta, getMasterToken, begin/commit/rollbackTxn, getSnapshot, restoreSnapshot): a follower answers
        // NOT_MASTER "FE is not master" with the master's address.
        if (_frontend != _cluster.MasterFrontend)
        {
            var (host, port) = _cluster.MasterRpcAddress();
            return withStatus(
                new TStatus { StatusCode = TStatusCode.NOT_MASTER, ErrorMsgs = [NotMasterMessage] },
                new TNetworkAddress { Hostname = host, Port = port });
        }

        var notMaster = _cluster.Faults.Trigger(FaultNames.NotMaster);
        var rule = notMaster ?? _cluster.Faults.Trigger(FaultNames.Rpc(method));
        return await ThriftFaults.ApplyAsync(rule, method, call, withStatus, cancellationToken).ConfigureAwait(false);
    }

    internal static TStatus NotImplemented(string method) => new()
    {
        StatusCode = TStatusCode.NOT_IMPLEMENTED_ERROR,
        ErrorMsgs = [$"minidoris does not emulate {method} yet"],
    };

    private static BinlogRequest ToEngine(TGetBinlogRequest r) => new()
    {
        User = r.User,
        Passwd = r.Passwd,
        Db = r.Db,
        Table = r.Table,
        TableId = r.__isset.table_id ? r.TableId : null,
        Token = r.Token,
        PrevCommitSeq = r.__isset.prev_commit_seq ? r.PrevCommitSeq : null,
        NumAcquired = r.__isset.num_acquired ? r.NumAcquired : null,
    };

    private static TStatus ToThrift(RpcStatus status) => FrontendRpc.ToThrift(status);

    private static TBinlog ToThrift(BinlogRecord b)
    {
        var binlog = new TBinlog
        {
            CommitSeq = b.CommitSeq,
            Timestamp = b.Timestamp,
            Type = b.Type,
            DbId = b.DbId,
            TableIds = b.Type == TBinlogType.DUMMY ? null : [.. b.TableIds],
            Data = b.Data,
            TableRef = b.TableRef,
            RemoveEnableCache = b.RemoveEnableCache,
        };
        if (b.Belong is { } belong)
        {
            binlog.Belong = belong;
        }

        return binlog;
    }

    private static TGetMetaDBMeta ToThrift(MetaDb db) => new()
    {
        Id = db.Id,
        Name = db.Name,
        Tables = db.Tables.Select(t => new TGetMetaTableMeta
        {
            Id = t.Id,
            Name = t.Name,
            InTrash = t.InTrash,
            Type = t.Type,
            Partitions = t.Partitions.Select(p => new TGetMetaPartitionMeta
            {
                Id = p.Id,
                Name = p.Name,
                Key = p.Key,
                Range = p.Range,
                VisibleVersion = p.VisibleVersion,
                IsTemp = p.IsTemp,
                Indexes = p.Indexes.Select(i => new TGetMetaIndexMeta
                {
                    Id = i.Id,
                    Name = i.Name,
                    Tablets = i.Tablets.Select(tablet => new TGetMetaTabletMeta
                    {
                        Id = tablet.Id,
                        Replicas = tablet.Replicas.Select(r => new TGetMetaReplicaMeta { Id = r.Id, BackendId = r.BackendId, Version = r.Version }).ToList(),
                    }).ToList(),
                }).ToList(),
            }).ToList(),
        }).ToList(),
        DroppedPartitions = [.. db.DroppedPartitions],
        DroppedTables = [.. db.DroppedTables],
        DroppedIndexes = [.. db.DroppedIndexes],
        DroppedPartitionMap = db.DroppedPartitionMap.ToDictionary(),
        DroppedTableMap = db.DroppedTableMap.ToDictionary(),
        DroppedIndexMap = db.DroppedIndexMap.ToDictionary(),
    };
}
