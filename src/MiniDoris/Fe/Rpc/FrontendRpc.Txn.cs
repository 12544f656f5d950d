using System.Globalization;
using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Txn;
using MiniDoris.Faults;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Rpc;

/// <summary>
/// beginTxn / commitTxn / rollbackTxn as FrontendServiceImpl answers them (docs/minidoris.md,
/// "Remote transactions"): the same checks in the same order, the same texts. These take Doris's Thrift structs directly.
/// </summary>
public sealed partial class FrontendRpc
{
    private const string PublishTimeoutMessage = "transaction commit successfully, BUT data will be visible later";

    /// <summary>Milliseconds a publish_timeout fault holds the publish back unless it names a delay.</summary>
    public const int DefaultPublishDelayMs = 3000;

    public TBeginTxnResult BeginTxn(TBeginTxnRequest request) => Guard(
        () => _cluster.WithState(state => BeginTxn(state, request)),
        e => new TBeginTxnResult { Status = ToThrift(e) });

    public TCommitTxnResult CommitTxn(TCommitTxnRequest request) => Guard(
        () => _cluster.WithState(state => CommitTxn(state, request)),
        e => new TCommitTxnResult { Status = ToThrift(e) });

    public TRollbackTxnResult RollbackTxn(TRollbackTxnRequest request) => Guard(
        () => _cluster.WithState(state => RollbackTxn(state, request)),
        e => new TRollbackTxnResult { Status = ToThrift(e) });

    internal static TStatus ToThrift(RpcStatus status) => new()
    {
        StatusCode = (TStatusCode)status.Code,
        ErrorMsgs = status.ErrorMessages.Count == 0 ? null : [.. status.ErrorMessages],
    };

    private static TStatus Ok() => new() { StatusCode = TStatusCode.OK };

    private TBeginTxnResult BeginTxn(ClusterState state, TBeginTxnRequest request)
    {
        RequireSet(("user", request.User), ("passwd", request.Passwd), ("db", request.Db), ("table ids", request.TableIds), ("label", request.Label));
        if (string.IsNullOrEmpty(request.Token))
        {
            // getTableNames runs before the password check, so a bad table id wins over a bad password.
            var named = state.FindDb(request.Db!) ?? throw DorisErrors.Generic($"can't find db named: {request.Db}");
            var tables = request.TableIds!.Select(id => named.FindTable(id)
                ?? throw DorisErrors.Generic($"can't find table id: {id.ToString(CultureInfo.InvariantCulture)} in db: {request.Db}")).ToList();
            CheckPasswordAndPrivs(state, request.User!, request.Passwd!, named, tables, Privilege.Load);
        }

        if (string.IsNullOrEmpty(request.Label))
        {
            throw DorisErrors.Generic("empty label in begin request");
        }

        var db = state.FindDb(request.Db!) ?? throw DorisErrors.Generic($"unknown database, database={request.Db}");
        LoadTransactions.AbortExpired(state);
        var existing = state.Transactions.FindLiveByLabel(db.Id, request.Label!);
        var requestId = request.RequestId is { } rid ? new[] { rid.Hi, rid.Lo } : null;
        if (existing is not null)
        {
            if (existing.Status == TransactionStatus.PREPARE && requestId is not null && existing.RequestId is { } prior && prior.SequenceEqual(requestId))
            {
                // A duplicated request: Doris answers with the txn it already began.
                return new TBeginTxnResult { Status = Ok(), TxnId = existing.TxnId, DbId = db.Id };
            }

            return new TBeginTxnResult
            {
                Status = new TStatus
                {
                    StatusCode = TStatusCode.LABEL_ALREADY_EXISTS,
                    ErrorMsgs = [DorisErrors.Prefix + $"Label [{request.Label}] has already been used, relate to txn [{existing.TxnId.ToString(CultureInfo.InvariantCulture)}]"],
                },
                JobStatus = existing.Status is TransactionStatus.PREPARE or TransactionStatus.UNKNOWN ? "RUNNING"
                    : existing.Status == TransactionStatus.PRECOMMITTED ? "PRECOMMITTED" : "FINISHED",
            };
        }

        var timeoutSeconds = request.Timeout ?? state.Config.GetLong("stream_load_default_timeout_second");
        var txnTables = request.TableIds!.Select(id => db.FindTable(id)).OfType<Table>().ToList();
        var txn = LoadTransactions.Begin(state, db, txnTables, request.Label!, "BACKEND_STREAMING", timeoutSeconds * 1000, requestId, "BE: 127.0.0.1");
        txn.TableIds = [.. request.TableIds!];
        state.Transactions.Save(txn);
        return new TBeginTxnResult { Status = Ok(), TxnId = txn.TxnId, DbId = db.Id };
    }

    private TCommitTxnResult CommitTxn(ClusterState state, TCommitTxnRequest request)
    {
        RequireSet(("user", request.User), ("passwd", request.Passwd), ("db", request.Db), ("txn_id", request.TxnId), ("commit_infos", request.CommitInfos));
        var (db, txn, tables) = AuthorizedTxn(state, request.DbId, request.Db!, request.TxnId!.Value, request.Token, request.User!, request.Passwd!);

        switch (txn.Status)
        {
            case TransactionStatus.ABORTED:
                throw DorisErrors.Generic($"transaction [{Id(txn.TxnId)}] is already aborted. abort reason: {txn.Reason}");
            case TransactionStatus.VISIBLE:
                return new TCommitTxnResult { Status = Ok() };
            case TransactionStatus.COMMITTED:
                return PublishAnswer(state, txn);
        }

        var touched = CheckCommitStatus(state, db, txn, tables, request.CommitInfos!);
        LoadTransactions.Commit(state, txn, touched);
        if (_cluster.Faults.Trigger(FaultNames.PublishTimeout) is { } fault)
        {
            if (fault.Action != FaultAction.Hold)
            {
                txn.PublishNotBefore = state.NowMs() + (fault.DelayMs ?? DefaultPublishDelayMs);
            }
            else if (LoadTransactions.HoldsPublishOf(fault, txn))
            {
                // Held until the fault is disarmed (or a restart disarms it), not for a wall-clock time, so a test
                // can assert the txn is still COMMITTED without racing a timer.
                txn.PublishNotBefore = LoadTransactions.PublishHeldByFault;
            }

            state.Transactions.Save(txn);
        }

        return PublishAnswer(state, txn);
    }

    private static TCommitTxnResult PublishAnswer(ClusterState state, TransactionState txn)
    {
        LoadTransactions.PublishReady(state);
        return txn.Status == TransactionStatus.VISIBLE
            ? new TCommitTxnResult { Status = Ok() }
            : new TCommitTxnResult { Status = new TStatus { StatusCode = TStatusCode.PUBLISH_TIMEOUT, ErrorMsgs = [PublishTimeoutMessage] } };
    }

    /// <summary>
    /// DatabaseTransactionMgr.checkCommitStatus: the partitions are those of the committed tablets (tablets of other
    /// tables or gone partitions are ignored); every tablet of every index of those partitions needs the load required
    /// replica num of successful replicas (OlapTable.getLoadRequiredReplicaNum: a majority of the replication number).
    /// A replica succeeds when its BE is among the commit infos for that tablet, really staged the txn's data, and has
    /// no earlier failed version; the others become the txn's error replicas, which publish leaves behind.
    /// </summary>
    private static List<(OlapTable Table, IReadOnlyCollection<Partition> Partitions)> CheckCommitStatus(
        ClusterState state, Database db, TransactionState txn, IReadOnlyList<OlapTable> tables, List<TTabletCommitInfo> infos)
    {
        var tabletToBackends = new Dictionary<long, HashSet<long>>();
        var touched = new Dictionary<OlapTable, HashSet<Partition>>();
        foreach (var info in infos)
        {
            var location = state.FindTablet(info.TabletId);
            if (location is null || location.Db.Id != db.Id || !tables.Contains(location.Table) || location.Table.FindPartition(location.Partition.Id) is null)
            {
                continue;
            }

            if (location.Table.State == "RESTORE")
            {
                throw DorisErrors.Generic($"Table {location.Table.Name} is in restore process. Can not load into it");
            }

            if (!touched.TryGetValue(location.Table, out var parts))
            {
                parts = [];
                touched[location.Table] = parts;
            }

            parts.Add(location.Partition);
            if (!tabletToBackends.TryGetValue(info.TabletId, out var backends))
            {
                backends = [];
                tabletToBackends[info.TabletId] = backends;
            }

            backends.Add(info.BackendId);
        }

        var ingested = txn.Ingested.ToHashSet();
        var errorReplicas = new List<long>();
        foreach (var (table, partitions) in touched)
        {
            var required = LoadRequiredReplicaNum(table);
            foreach (var partition in partitions)
            {
                foreach (var tablet in partition.AllTablets())
                {
                    var committed = tabletToBackends.GetValueOrDefault(tablet.Id) ?? [];
                    var wrote = tablet.Replicas.Where(r => committed.Contains(r.BackendId) && ingested.Contains(new IngestedReplica(tablet.Id, r.BackendId))).ToList();
                    var succ = wrote.Where(r => r.LastFailedVersion < 0).ToList();
                    var versionFailed = wrote.Where(r => r.LastFailedVersion >= 0).ToList();
                    var writeFailed = tablet.Replicas.Except(wrote).ToList();
                    errorReplicas.AddRange(writeFailed.Select(r => r.Id));
                    if (succ.Count >= required)
                    {
                        continue;
                    }

                    var detail = string.Empty;
                    if (succ.Count > 0)
                    {
                        detail += $"{succ.Count} replicas final succ: {{ {string.Join(", ", succ.Select(Describe))} }}; ";
                    }

                    if (writeFailed.Count > 0)
                    {
                        detail += $"{writeFailed.Count} replicas write data failed: {{ {string.Join(", ", writeFailed.Select(Describe))} }}; ";
                    }

                    if (versionFailed.Count > 0)
                    {
                        detail += $"{versionFailed.Count} replicas write data succ but miss previous version: {{ {string.Join(",", versionFailed.Select(Describe))} }}.";
                    }

                    throw DorisErrors.Generic(
                        $"Failed to commit txn {Id(txn.TxnId)}, cause tablet {Id(tablet.Id)} succ replica num {succ.Count} < load required replica num "
                        + $"{required}. table {Id(table.Id)}, partition: [ id={Id(partition.Id)}, commit version {Id(partition.NextVersion - 1)}"
                        + $", visible version {Id(partition.VisibleVersion)} ], this tablet detail: {detail}");
                }
            }
        }

        txn.ErrorReplicaIds = errorReplicas;
        return touched.Select(t => (t.Key, (IReadOnlyCollection<Partition>)t.Value.ToList())).ToList();
    }

    /// <summary>OlapTable.getLoadRequiredReplicaNum without min_load_replica_num set: total replicas / 2 + 1.</summary>
    private static int LoadRequiredReplicaNum(OlapTable table) => (table.ReplicationNum / 2) + 1;

    private static string Describe(Replica r) =>
        $"replicaId={Id(r.Id)}, backendId={Id(r.BackendId)}, version={Id(r.Version)}, lastFailedVersion={Id(r.LastFailedVersion)}";

    private TRollbackTxnResult RollbackTxn(ClusterState state, TRollbackTxnRequest request)
    {
        RequireSet(("user", request.User), ("passwd", request.Passwd), ("db", request.Db), ("txn_id", request.TxnId));
        var (db, txn, tables) = AuthorizedTxn(state, request.DbId, request.Db!, request.TxnId!.Value, request.Token, request.User!, request.Passwd!);
        switch (txn.Status)
        {
            case TransactionStatus.ABORTED:
                throw DorisErrors.Generic($"transaction [{Id(txn.TxnId)}] is already aborted, abort reason: {txn.Reason}");
            case TransactionStatus.COMMITTED:
            case TransactionStatus.VISIBLE:
                throw DorisErrors.Generic($"transaction [{Id(txn.TxnId)}] is already {txn.Status}, could not abort.");
        }

        LoadTransactions.Abort(state, txn, string.IsNullOrEmpty(request.Reason) ? "system cancel" : request.Reason);
        return new TRollbackTxnResult { Status = Ok() };
    }

    /// <summary>What commitTxn and rollbackTxn share: the db, the txn (after expiring overdue ones), its tables, the auth check.</summary>
    private static (Database Db, TransactionState Txn, List<OlapTable> Tables) AuthorizedTxn(
        ClusterState state, long? dbId, string dbName, long txnId, string? token, string user, string passwd)
    {
        var db = ResolveTxnDb(state, dbId, dbName);
        LoadTransactions.AbortExpired(state);
        var txn = FindTxn(state, db, txnId);
        var tables = TablesOf(db, txn);
        CheckTxnAuth(state, token, user, passwd, db, tables);
        return (db, txn, tables);
    }

    private static Database ResolveTxnDb(ClusterState state, long? dbId, string dbName) =>
        (dbId is > 0 ? state.FindDb(dbId.Value) : state.FindDb(dbName))
        ?? throw DorisErrors.Generic($"unknown database, database={dbName}");

    private static TransactionState FindTxn(ClusterState state, Database db, long txnId)
    {
        var txn = state.Transactions.Find(txnId);
        return txn is not null && txn.DbId == db.Id ? txn : throw DorisErrors.Generic($"transaction [{Id(txnId)}] not found");
    }

    /// <summary>Database.getTablesOnIdOrderOrThrowException: every table of the txn must still exist.</summary>
    private static List<OlapTable> TablesOf(Database db, TransactionState txn) =>
        txn.TableIds.Order().Select(id => db.FindTable(id) as OlapTable
            ?? throw DorisErrors.Generic($"unknown table, tableId={Id(id)}")).ToList();

    private static void CheckTxnAuth(ClusterState state, string? token, string user, string passwd, Database db, IReadOnlyList<Table> tables)
    {
        if (!string.IsNullOrEmpty(token))
        {
            // commit/rollback check a token against the FE's load tokens, which minidoris never issues.
            throw DorisErrors.Generic($"Invalid token: {token}");
        }

        CheckPasswordAndPrivs(state, user, passwd, db, tables, Privilege.Load);
    }

    private static void CheckPasswordAndPrivs(ClusterState state, string user, string passwd, Database db, IEnumerable<Table> tables, string privilege)
    {
        if (!state.Auth.CheckPassword(user, passwd))
        {
            throw DorisErrors.AccessDenied(user, passwd.Length > 0);
        }

        foreach (var table in tables)
        {
            if (!state.Auth.HasPrivilege(user, privilege, db.Name, table.Name))
            {
                throw DorisErrors.Generic(
                    $"Access denied; you need (at least one of) the {privilege.Replace("_PRIV", string.Empty, StringComparison.Ordinal)} privilege(s) for this operation");
            }
        }
    }

    /// <summary>The "&lt;field&gt; is not set" checks FrontendServiceImpl runs first, in order.</summary>
    private static void RequireSet(params (string Name, object? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                throw DorisErrors.Generic($"{name} is not set");
            }
        }
    }

    private static string Id(long v) => v.ToString(CultureInfo.InvariantCulture);
}
