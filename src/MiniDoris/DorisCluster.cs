using System.Threading;
using MiniDoris.Fe;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql;
using MiniDoris.Storage;

namespace MiniDoris;

/// <summary>
/// One emulated Doris cluster (an FE and its BEs) and the entry point of the engine: SQL sessions, the FE RPC
/// methods and the BE binlog download methods. Every operation runs under one lock as one unit of work: its
/// changes are saved together (catalog image, binlogs, transactions, rowsets) or not at all.
/// </summary>
public sealed class DorisCluster : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ClusterStore _store;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _daemonGate = new(1, 1);
    private readonly Fe.Backup.RestoreDownloads _downloads = new();
    private readonly Be.BeHttpClient _beHttp;
    private ClusterState _state;
    private long _nextConnectionId;

    private DorisCluster(ClusterOptions options, ClusterStore store, ClusterState state)
    {
        Options = options;
        _store = store;
        _state = state;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), ConnectTimeout = TimeSpan.FromSeconds(3) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _beHttp = new Be.BeHttpClient(_http);
        Frontend = new Fe.Rpc.FrontendRpc(this);
        Backend = new Be.BackendBinlogService(this);
        Ingest = new Be.IngestBinlogService(this, _beHttp);
    }

    public ClusterOptions Options { get; }

    /// <summary>getBinlog, getBinlogLag, getMeta, getBackendMeta, getMasterToken.</summary>
    public Fe.Rpc.FrontendRpc Frontend { get; }

    /// <summary>The BE HTTP binlog download methods and BE configs.</summary>
    public Be.BackendBinlogService Backend { get; }

    /// <summary>BackendService.ingest_binlog of the BEs.</summary>
    public Be.IngestBinlogService Ingest { get; }

    /// <summary>The armed faults (in memory; ADMIN SET FRONTEND CONFIG ("minidoris.fault.x" = "...")).</summary>
    public Faults.FaultRegistry Faults { get; } = new();

    /// <summary>
    /// Which FE is the master (index into <see cref="ClusterOptions.FrontendPorts"/>). All FEs share this engine, which
    /// stands for the replicated journal: a follower's SQL lands where the master's would (Doris forwards it), and a
    /// moved master finds every txn and binlog the old one wrote. Not persisted: a restart elects FE 0 again.
    /// </summary>
    public int MasterFrontend => Options.MasterFrontend;

    /// <summary>Makes another FE the master (a failover); null picks the next FE in order.</summary>
    public int MoveMaster(int? to = null) => Options.MoveMaster(to);

    /// <summary>The master FE's Thrift address, as a follower's NOT_MASTER answer names it.</summary>
    public (string Host, int RpcPort) MasterRpcAddress()
    {
        var ports = Options.FrontendPorts;
        var master = MasterFrontend;
        return (Options.Host, master < ports.Count ? ports[master].RpcPort : Options.RpcPort);
    }

    /// <summary>Opens (or creates) the cluster state: in memory, or under <see cref="ClusterOptions.DataDir"/>.</summary>
    public static DorisCluster Start(ClusterOptions options)
    {
        var store = new ClusterStore(options.DataDir);
        try
        {
            var state = ClusterState.Load(store, options.Time, options);
            return new DorisCluster(options, store, state);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A new session for an authenticated user (the front checks the password first).</summary>
    public SessionContext OpenSession(string user, string? database = null)
    {
        var session = new SessionContext(user, Interlocked.Increment(ref _nextConnectionId), Options.Time);
        if (database is not null)
        {
            Execute(session, "USE " + Fe.Catalog.Identifiers.Quote(database));
        }

        return session;
    }

    /// <summary>Runs every statement of <paramref name="sql"/>; the first failure throws a <see cref="DorisException"/>.</summary>
    public IReadOnlyList<QueryResult> Execute(SessionContext session, string sql)
    {
        var statements = SqlParser.Parse(sql);
        var results = new List<QueryResult>(statements.Count);
        foreach (var statement in statements)
        {
            results.Add(WithState(state =>
            {
                var ctx = new StatementContext(state, session, Options, new SqliteQueryEngine(state, Options), Faults);
                return StatementExecutor.Execute(ctx, statement);
            }));
        }

        return results;
    }

    /// <summary>
    /// Runs the statements of <paramref name="sql"/> in order and stops at the first failure, returning the
    /// results so far and that failure (as a MySQL multi-statement request answers).
    /// </summary>
    public (IReadOnlyList<QueryResult> Results, DorisException? Error) ExecuteUntilError(SessionContext session, string sql)
    {
        var results = new List<QueryResult>();
        try
        {
            foreach (var statement in SqlParser.Parse(sql))
            {
                results.Add(WithState(state =>
                {
                    var ctx = new StatementContext(state, session, Options, new SqliteQueryEngine(state, Options), Faults);
                    return StatementExecutor.Execute(ctx, statement);
                }));
            }

            return (results, null);
        }
        catch (DorisException e)
        {
            return (results, e);
        }
    }

    /// <summary>Runs exactly one statement.</summary>
    public QueryResult ExecuteOne(SessionContext session, string sql)
    {
        var results = Execute(session, sql);
        return results.Count == 1 ? results[0] : throw DorisErrors.Generic("expected exactly one statement");
    }

    /// <summary>Checks a plain password (as Thrift requests carry it).</summary>
    public bool CheckPassword(string user, string password) => WithState(s => s.Auth.CheckPassword(user, password));

    /// <summary>Checks a mysql_native_password response against the salt the server sent.</summary>
    public bool CheckNativePassword(string user, byte[] salt, byte[] response) =>
        WithState(s => s.Auth.CheckNativeScramble(user, salt, response));

    /// <summary>SHA1(SHA1(password)) of a user for the MySQL handshake (empty for no password), or null for an unknown user.</summary>
    public byte[]? PasswordDoubleSha1(string user) => WithState(s =>
        s.Auth.Find(user) is { } account ? Convert.FromHexString(account.PasswordDoubleSha1) : null);

    /// <summary>True when the user exists.</summary>
    public bool UserExists(string user) => WithState(s => s.Auth.Find(user) is not null);

    /// <summary>
    /// Records the ports the process actually bound (a requested port of 0 binds a free one): the FE's, and each
    /// backend's Thrift and HTTP port in order. Returns the backend ids in that order.
    /// </summary>
    public IReadOnlyList<long> ApplyEndpoints(int queryPort, int rpcPort, IReadOnlyList<int> bePorts, IReadOnlyList<int> httpPorts) =>
        ApplyEndpoints([(queryPort, rpcPort)], bePorts, httpPorts);

    /// <summary>Records the ports every FE and BE bound (FE 0 first); returns the backend ids in BE order.</summary>
    public IReadOnlyList<long> ApplyEndpoints(
        IReadOnlyList<(int QueryPort, int RpcPort)> frontends, IReadOnlyList<int> bePorts, IReadOnlyList<int> httpPorts) => WithState(s =>
    {
        Options.QueryPort = frontends[0].QueryPort;
        Options.RpcPort = frontends[0].RpcPort;
        Options.FrontendPorts = frontends;
        Options.Frontends = frontends.Count;
        Options.BoundBackendPorts = bePorts.Zip(httpPorts).ToList();
        s.ApplyProcessOptions(Options);
        return (IReadOnlyList<long>)s.Image.Backends.Take(bePorts.Count).Select(b => b.Id).ToList();
    });

    /// <summary>One binlog GC round (the FE's BinlogGcer), using the cluster's time.</summary>
    public void RunBinlogGc() => WithState(s =>
    {
        // GC moves DUMMYs, which live in the image: save it, or a restart or a failed statement brings them back.
        if (s.Binlogs.Gc(s.NowMs(), s, s.Config.GetBool(FrontendConfig.EnableRecycleBinlogImmediately)))
        {
            s.Dirty = true;
        }

        return 0;
    });

    /// <summary>
    /// One round of the FE's daemons and the BEs' agent work: expired txns abort, committed txns publish (in version
    /// order, once a publish_timeout hold has passed), snapshots expire, backup jobs advance one state, restore jobs
    /// advance one state and their target BEs run pending downloads from the source BEs (outside the lock).
    /// </summary>
    public async Task RunDaemonsOnceAsync(CancellationToken cancellationToken = default)
    {
        await _daemonGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tasks = WithState(s =>
            {
                Fe.Txn.LoadTransactions.AbortExpired(s);
                Fe.Txn.LoadTransactions.ReleasePublishHolds(s, Faults.Peek(MiniDoris.Faults.FaultNames.PublishTimeout));
                Fe.Txn.LoadTransactions.PublishReady(s);
                Fe.Txn.LoadTransactions.RemoveExpiredFinished(s);
                Fe.Txn.LoadTransactions.RepairLaggingReplicas(s);
                Fe.Backup.BackupHandler.ExpireSnapshots(s);
                Fe.Ddl.Recover.EraseExpired(s);
                Fe.Backup.BackupHandler.Step(s, Faults);
                Fe.Backup.RestoreHandler.Step(s, Faults, _downloads);
                return Fe.Backup.RestoreHandler.PendingDownloads(s, _downloads);
            });
            if (tasks.Count == 0)
            {
                return;
            }

            await Task.WhenAll(tasks.Select(t => DownloadAsync(t, cancellationToken))).ConfigureAwait(false);
            WithState(s =>
            {
                Fe.Backup.RestoreHandler.Step(s, Faults, _downloads);
                return 0;
            });
        }
        finally
        {
            _daemonGate.Release();
        }
    }

    /// <summary>Runs <see cref="RunDaemonsOnceAsync"/> every 100 ms until cancelled.</summary>
    public async Task RunDaemonsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
                await RunDaemonsOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A daemon round that fails is logged and the next one runs, as Doris's daemons do.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await Console.Error.WriteLineAsync($"minidoris: daemon round failed: {e}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>A target BE downloads one tablet snapshot dir from a source BE's /api/_tablet/_download.</summary>
    private async Task DownloadAsync(Fe.Backup.RestoreDownloadTask task, CancellationToken cancellationToken)
    {
        var baseUrl = $"http://{task.Host}:{task.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/api/_tablet/_download"
            + $"?token={Uri.EscapeDataString(task.Token)}&channel=ingest_binlog&file=";
        try
        {
            var listing = System.Text.Encoding.UTF8.GetString(
                await _beHttp.GetAsync(baseUrl + Uri.EscapeDataString(task.Dir), Be.BeHttpClient.MetaTimeout, cancellationToken).ConfigureAwait(false));
            var names = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!names.Any(n => n.EndsWith(".hdr", StringComparison.Ordinal)))
            {
                throw new Be.BeHttpException($"no tablet header in remote snapshot dir {task.Dir}");
            }

            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var name in names.OrderBy(n => n.EndsWith(".hdr", StringComparison.Ordinal)))
            {
                var url = baseUrl + Uri.EscapeDataString(task.Dir + "/" + name);
                var size = await _beHttp.HeadAsync(url, cancellationToken).ConfigureAwait(false);
                files[name] = await _beHttp.DownloadAsync(url + "&acquire_md5=true", size, cancellationToken).ConfigureAwait(false);
            }

            Fe.Backup.RestoreHandler.Record(_downloads, task, files, null, Options.Time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (Be.BeHttpException e)
        {
            Fe.Backup.RestoreHandler.Record(_downloads, task, null, e.Message, Options.Time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Runs binlog GC every binlog_gc_interval_second until cancelled.</summary>
    public async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var seconds = WithState(s => s.Config.GetLong(FrontendConfig.BinlogGcIntervalSecond));
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds)), Options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            RunBinlogGc();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _store.Dispose();
        }

        _http.Dispose();
        _daemonGate.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="operation"/> under the cluster lock in one store transaction; on failure the store is
    /// rolled back and the in-memory state is reloaded from it.
    /// </summary>
    internal T WithState<T>(Func<ClusterState, T> operation)
    {
        lock (_lock)
        {
            _store.Begin();
            try
            {
                var result = operation(_state);
                if (_state.Dirty)
                {
                    _state.Save();
                }

                _store.Commit();
                return result;
            }
            catch
            {
                _store.Rollback();

                // The operation may have changed the in-memory state before failing: reload what was saved.
                _state = ClusterState.Load(_store, Options.Time, Options);

                throw;
            }
        }
    }
}
