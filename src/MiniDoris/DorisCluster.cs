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
    private ClusterState _state;
    private long _nextConnectionId;

    private DorisCluster(ClusterOptions options, ClusterStore store, ClusterState state)
    {
        Options = options;
        _store = store;
        _state = state;
        Frontend = new Fe.Rpc.FrontendRpc(this);
        Backend = new Be.BackendBinlogService(this);
    }

    public ClusterOptions Options { get; }

    /// <summary>getBinlog, getBinlogLag, getMeta, getBackendMeta, getMasterToken.</summary>
    public Fe.Rpc.FrontendRpc Frontend { get; }

    /// <summary>The BE HTTP binlog download methods and BE configs.</summary>
    public Be.BackendBinlogService Backend { get; }

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
                var ctx = new StatementContext(state, session, Options, new SqliteQueryEngine(state, Options));
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
                    var ctx = new StatementContext(state, session, Options, new SqliteQueryEngine(state, Options));
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
    public IReadOnlyList<long> ApplyEndpoints(int queryPort, int rpcPort, IReadOnlyList<int> bePorts, IReadOnlyList<int> httpPorts) => WithState(s =>
    {
        Options.QueryPort = queryPort;
        Options.RpcPort = rpcPort;
        Options.BoundBackendPorts = bePorts.Zip(httpPorts).ToList();
        s.ApplyProcessOptions(Options);
        return (IReadOnlyList<long>)s.Image.Backends.Take(bePorts.Count).Select(b => b.Id).ToList();
    });

    /// <summary>One binlog GC round (the FE's BinlogGcer), using the cluster's time.</summary>
    public void RunBinlogGc() => WithState(s =>
    {
        s.Binlogs.Gc(s.NowMs(), s, s.Config.GetBool(FrontendConfig.EnableRecycleBinlogImmediately));
        return 0;
    });

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
