using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Rpc;

/// <summary>
/// The FrontendService methods CCR uses, as engine calls with Doris's validation order and statuses
/// (docs/minidoris.md and docs/doris-facts.md, "getBinlog"). The Thrift front maps its messages onto these.
/// </summary>
public sealed partial class FrontendRpc
{
    private readonly DorisCluster _cluster;

    internal FrontendRpc(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>getBinlog: db-level when neither table_id nor table is set.</summary>
    public BinlogResponse GetBinlog(BinlogRequest request) => Guard(
        () => _cluster.WithState(state =>
        {
            if (Resolve(state, request, out var dbId, out var tableId) is { } error)
            {
                return new BinlogResponse(error, []);
            }

            var num = (int)Math.Clamp(request.NumAcquired ?? 1, 1, BinlogManager.MaxBatch);
            var read = state.Binlogs.Read(dbId, tableId, request.PrevCommitSeq!.Value, num);
            var status = read.Status == BinlogReadStatus.OK ? RpcStatus.Ok : new RpcStatus((int)read.Status, []);
            return new BinlogResponse(status, read.Binlogs.Select(Copy).ToList());
        }),
        e => new BinlogResponse(e, []));

    /// <summary>getBinlogLag with the 2.1+ first/last/next fields.</summary>
    public BinlogLagResponse GetBinlogLag(BinlogRequest request) => Guard(
        () => _cluster.WithState(state =>
        {
            if (Resolve(state, request, out var dbId, out var tableId) is { } error)
            {
                return new BinlogLagResponse(error, null);
            }

            var lag = state.Binlogs.Lag(dbId, tableId, request.PrevCommitSeq!.Value);
            return lag.Status == BinlogReadStatus.OK
                ? new BinlogLagResponse(RpcStatus.Ok, lag)
                : new BinlogLagResponse(new RpcStatus((int)lag.Status, []), null);
        }),
        e => new BinlogLagResponse(e, null));

    /// <summary>getMasterToken: password check only; a wrong password is NOT_AUTHORIZED.</summary>
    public MasterTokenResponse GetMasterToken(string? user, string? password) => Guard(
        () => _cluster.WithState(state =>
        {
            if (user is null || password is null)
            {
                return new MasterTokenResponse(RpcStatus.UserError($"{(user is null ? "user" : "password")} is not set"), null);
            }

            return state.Auth.CheckPassword(user, password)
                ? new MasterTokenResponse(RpcStatus.Ok, state.Image.Token)
                : new MasterTokenResponse(RpcStatus.Error(StatusCode.NotAuthorized, DorisErrors.AccessDenied(user, password.Length > 0).Message), null);
        }),
        e => new MasterTokenResponse(e, null));

    /// <summary>getMeta: the id-level catalog of a db down to replica versions, plus dropped ids.</summary>
    public MetaResponse GetMeta(MetaRequest request) => Guard(
        () => _cluster.WithState(state =>
        {
            if (CheckAuth(state, request.User, request.Passwd, request.Token) is { } authError)
            {
                return new MetaResponse(authError, null);
            }

            if (request.DbId is null && request.DbName is null)
            {
                return new MetaResponse(RpcStatus.UserError("db is not set"), null);
            }

            var db = request.DbId is { } id ? state.FindDb(id) : state.FindDb(request.DbName!);
            if (db is null)
            {
                return new MetaResponse(RpcStatus.Error(StatusCode.AnalysisError,
                    $"unknown database, database={(request.DbId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? request.DbName)}"), null);
            }

            return new MetaResponse(RpcStatus.Ok, BuildMeta(state, db, request));
        }),
        e => new MetaResponse(e, null));

    /// <summary>getBackendMeta: every backend with its ports; password check only.</summary>
    public BackendMetaResponse GetBackendMeta(string? user, string? passwd, string? token) => Guard(
        () => _cluster.WithState(state =>
        {
            if (CheckAuth(state, user, passwd, token) is { } error)
            {
                return new BackendMetaResponse(error, []);
            }

            return new BackendMetaResponse(RpcStatus.Ok, state.Backends
                .Select(b => new BackendInfo(b.Id, b.Host, b.BePort, b.HttpPort, b.BrpcPort, b.IsAlive)).ToList());
        }),
        e => new BackendMetaResponse(e, []));

    /// <summary>Validation shared by getBinlog and getBinlogLag; returns an error status or null.</summary>
    private static RpcStatus? Resolve(ClusterState state, BinlogRequest request, out long dbId, out long? tableId)
    {
        dbId = 0;
        tableId = null;
        foreach (var (name, set) in new[] { ("user", request.User is not null), ("passwd", request.Passwd is not null), ("db", request.Db is not null), ("prev_commit_seq", request.PrevCommitSeq is not null) })
        {
            if (!set)
            {
                return RpcStatus.UserError($"{name} is not set");
            }
        }

        var db = state.FindDb(request.Db!);
        if (string.IsNullOrEmpty(request.Token))
        {
            if (!state.Auth.CheckPassword(request.User!, request.Passwd!))
            {
                return RpcStatus.UserError(DorisErrors.AccessDenied(request.User!, request.Passwd!.Length > 0).Detail);
            }

            if (!state.Auth.HasPrivilege(request.User!, Privilege.Select, request.Db, string.IsNullOrEmpty(request.Table) ? null : request.Table))
            {
                return RpcStatus.UserError("Access denied; you need (at least one of) the SELECT privilege(s) for this operation");
            }
        }

        if (db is null)
        {
            return RpcStatus.UserError($"unknown database, database={request.Db}");
        }

        dbId = db.Id;
        if (request.TableId is { } id)
        {
            tableId = id;
        }
        else if (!string.IsNullOrEmpty(request.Table))
        {
            var table = db.FindTable(request.Table);
            if (table is null)
            {
                return RpcStatus.UserError($"table not found, table={request.Table}");
            }

            tableId = table.Id;
        }

        return null;
    }

    private static RpcStatus? CheckAuth(ClusterState state, string? user, string? passwd, string? token)
    {
        if (user is null)
        {
            return RpcStatus.UserError("user is not set");
        }

        if (passwd is null)
        {
            return RpcStatus.UserError("passwd is not set");
        }

        if (!string.IsNullOrEmpty(token) || state.Auth.CheckPassword(user, passwd))
        {
            return null;
        }

        return RpcStatus.UserError(DorisErrors.AccessDenied(user, passwd.Length > 0).Detail);
    }

    private static MetaDb BuildMeta(ClusterState state, Database db, MetaRequest request)
    {
        var tables = new List<MetaTable>();
        var missing = new List<long>();
        var selected = new List<Table>();
        if (request.Tables is null)
        {
            selected.AddRange(db.Tables);
        }
        else
        {
            foreach (var selector in request.Tables)
            {
                var table = selector.Id is { } id ? db.FindTable(id) : selector.Name is { } n ? db.FindTable(n) : null;
                if (table is null)
                {
                    // A table that is gone is reported as dropped, so readers skip its records.
                    if (selector.Id is { } gone)
                    {
                        missing.Add(gone);
                    }

                    continue;
                }

                selected.Add(table);
            }
        }

        foreach (var table in selected)
        {
            if (request.OnlyTableNames || table is not OlapTable olap)
            {
                tables.Add(new MetaTable(table.Id, table.Name, false, table.Kind.ToString(), []));
                continue;
            }

            var partitions = olap.AllPartitions().Select(p => new MetaPartition(
                p.Id, p.Name, p.Item?.ToCreateSql() ?? string.Empty, p.RangeString, p.VisibleVersion, p.IsTemp,
                p.Indexes.Select(i => new MetaIndex(
                    i.Id,
                    olap.Indexes.FirstOrDefault(m => m.Id == i.Id)?.Name ?? olap.Name,
                    i.Tablets.Select(t => new MetaTablet(t.Id, t.Replicas.Select(r => new MetaReplica(r.Id, r.BackendId, r.Version)).ToList())).ToList()))
                .ToList())).ToList();
            tables.Add(new MetaTable(olap.Id, olap.Name, false, olap.Kind.ToString(), partitions));
        }

        var binlog = state.Binlogs.FindDb(db.Id);
        var droppedPartitions = binlog?.DroppedPartitions ?? [];
        var droppedTables = (binlog?.DroppedTables ?? []).ToList();
        var droppedIndexes = binlog?.DroppedIndexes ?? [];
        foreach (var id in missing.Where(id => droppedTables.All(d => d.Id != id)))
        {
            droppedTables.Add(new DroppedObject(id, 0));
        }

        return new MetaDb(
            db.Id, db.Name, tables,
            droppedPartitions.Select(d => d.Id).ToList(), droppedTables.Select(d => d.Id).ToList(), droppedIndexes.Select(d => d.Id).ToList(),
            ToMap(droppedPartitions), ToMap(droppedTables), ToMap(droppedIndexes));
    }

    private static Dictionary<long, long> ToMap(IEnumerable<DroppedObject> dropped)
    {
        var map = new Dictionary<long, long>();
        foreach (var d in dropped)
        {
            map[d.Id] = d.CommitSeq;
        }

        return map;
    }

    private static BinlogRecord Copy(BinlogRecord b) => new()
    {
        CommitSeq = b.CommitSeq,
        Timestamp = b.Timestamp,
        Type = b.Type,
        DbId = b.DbId,
        TableIds = [.. b.TableIds],
        Data = b.Data,
        Belong = b.Belong,
        TableRef = b.TableRef,
        RemoveEnableCache = b.RemoveEnableCache,
        InTableLists = [.. b.InTableLists],
    };

    /// <summary>Doris answers user errors with ANALYSIS_ERROR and anything unexpected with INTERNAL_ERROR.</summary>
    private static T Guard<T>(Func<T> call, Func<RpcStatus, T> onError)
    {
        try
        {
            return call();
        }
        catch (DorisException e)
        {
            return onError(RpcStatus.UserError(e.Detail));
        }
#pragma warning disable CA1031 // An RPC must answer with a status whatever went wrong, as Doris's catch (Throwable) does.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return onError(RpcStatus.Error(StatusCode.InternalError, e.Message));
        }
    }
}
