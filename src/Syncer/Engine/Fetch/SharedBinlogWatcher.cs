using Microsoft.Extensions.Logging;
using Syncer.Cluster;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Fetch;

/// <summary>
/// The process's <see cref="IBinlogChangeNotifier"/>: one poller per source database — (FE address, user,
/// database) — reads the database-level binlog list for every caught-up job of that database, so idle jobs cost the
/// FE one stream of getBinlog calls per database instead of one per job. See docs/engine.md, "Waiting for binlogs".
/// </summary>
/// <remarks>
/// A poller starts on the first wait for its database, at the database's last commit seq (getBinlogLag, Doris 2.1+) or
/// else at that waiter's commit seq, and follows the list from the highest commit seq it has seen; it records, per
/// table id, the latest commit seq seen, and completes the waiters whose table (any table, for a database job) has a
/// binlog after theirs. It stops after
/// <see cref="BinlogWatchOptions.Linger"/> without waiters. Every answer is a hint: a woken job fetches for itself.
/// </remarks>
public sealed class SharedBinlogWatcher : IBinlogChangeNotifier, IAsyncDisposable
{
    private readonly Func<ClusterSpec, IFrontendService> _clients;
    private readonly FrontendCallBudget _budget;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BinlogWatchOptions _options;
    private readonly Dictionary<WatchKey, DatabasePoller> _pollers = [];
    private readonly Lock _lock = new();
    private bool _isDisposed;

    /// <summary>The production watcher: FE clients from <paramref name="frontends"/>, default tuning.</summary>
    public SharedBinlogWatcher(FrontendClientFactory frontends, FrontendCallBudget budget, TimeProvider time, ILogger<SharedBinlogWatcher> logger)
        : this(spec => frontends.Create(spec), budget, time, logger, new BinlogWatchOptions())
    {
        ArgumentNullException.ThrowIfNull(frontends);
    }

    /// <param name="clients">Opens an FE client for a source cluster; the poller disposes it (if disposable) when it stops.</param>
    /// <param name="budget">The per-FE getBinlog budget every poll takes a token from.</param>
    /// <param name="time">Clock for poll delays, waiter timeouts and lingering.</param>
    /// <param name="logger">Where failed polls are reported.</param>
    /// <param name="options">Batch size, linger and poll delays.</param>
    public SharedBinlogWatcher(Func<ClusterSpec, IFrontendService> clients, FrontendCallBudget budget, TimeProvider time, ILogger logger,
        BinlogWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _budget = budget;
        _time = time;
        _logger = logger;
        _options = options;
    }

    /// <summary>How many database pollers run now (for tests and diagnostics).</summary>
    public int ActivePollers
    {
        get
        {
            lock (_lock)
            {
                return _pollers.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes at once when the poller cannot vouch for the time before it started (<paramref name="afterCommitSeq"/>
    /// below its starting point, for a table it has not answered since), or already saw a newer binlog for the table.
    /// <paramref name="maxWait"/> may be <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The source's thrift_port is not a port.</exception>
    public Task WaitForChangeAsync(SourceWatchKey job, long afterCommitSeq, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        if (maxWait <= TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan) return Task.CompletedTask;
        var key = new WatchKey(FrontendClientFactory.PrimaryEndpoint(job.Source), job.Source.User, job.Source.Database);
        lock (_lock)
        {
            // Checked under the lock DisposeAsync takes, so no poller starts after the others were stopped.
            ObjectDisposedException.ThrowIf(_isDisposed, this);
            if (!_pollers.TryGetValue(key, out var poller))
            {
                poller = new DatabasePoller(this, key, job.Source, afterCommitSeq);
                _pollers.Add(key, poller);
                poller.Start();
            }

            return poller.Register(job.TableId, afterCommitSeq, maxWait, cancellationToken);
        }
    }

    /// <summary>Stops every poller; their waiters complete (their jobs will fetch, and see the shutdown themselves).</summary>
    public async ValueTask DisposeAsync()
    {
        DatabasePoller[] pollers;
        lock (_lock)
        {
            if (_isDisposed) return;
            _isDisposed = true;
            pollers = [.. _pollers.Values];
            _pollers.Clear();
        }

        // Outside the lock: cancelling runs the pollers' continuations.
        foreach (var poller in pollers) await poller.StopAsync();
    }

    // Called by a poller between polls: it stops when it has had no waiters for the linger time. Under the watcher's
    // lock, so a wait cannot register on a poller that is going away.
    private bool TryRetire(DatabasePoller poller)
    {
        lock (_lock)
        {
            if (!poller.IdleLongerThan(_options.Linger)) return false;
            _pollers.Remove(poller.Key);
            return true;
        }
    }

    private readonly record struct WatchKey(FrontendEndpoint Frontend, string User, string Database);

    private sealed class Waiter(long tableId, long afterCommitSeq) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long TableId { get; } = tableId;

        public long AfterCommitSeq { get; } = afterCommitSeq;

        public ITimer? Timer { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class DatabasePoller
    {
        private readonly SharedBinlogWatcher _owner;
        private readonly ClusterSpec _source;
        private readonly Lock _lock = new();
        private readonly HashSet<Waiter> _waiters = [];
        // Latest commit seq seen per table id, for binlogs after _start only.
        private readonly Dictionary<long, long> _latestByTable = [];
        // Tables whose waiters this poller has answered since _start: their jobs have fetched since, so a commit seq
        // of theirs below _start is vouched for (anything newer than it would have been returned to that fetch).
        private readonly HashSet<long> _answered = [];
        private readonly CancellationTokenSource _stop;
        private long _start;
        private long _position;
        private long _latestAny = long.MinValue;
        private long _latestUntabled = long.MinValue;
        private long _lastBinlogAt;
        private long _idleSince;
        private int _failures;
        private Task _loop = Task.CompletedTask;

        public DatabasePoller(SharedBinlogWatcher owner, WatchKey key, ClusterSpec source, long start)
        {
            _owner = owner;
            Key = key;
            _source = source;
            _start = start;
            _position = start;
            _lastBinlogAt = owner._time.GetTimestamp();
            _idleSince = _lastBinlogAt;
            _stop = new CancellationTokenSource();
        }

        public WatchKey Key { get; }

        private TimeProvider Time => _owner._time;

        public void Start() => _loop = Task.Run(RunAsync);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        public bool IdleLongerThan(TimeSpan linger)
        {
            lock (_lock)
            {
                return _waiters.Count == 0 && Time.GetElapsedTime(_idleSince) >= linger;
            }
        }

        public Task Register(long tableId, long afterCommitSeq, TimeSpan maxWait, CancellationToken cancellationToken)
        {
            Waiter waiter;
            lock (_lock)
            {
                // Before _start this poller saw nothing: unless the job has fetched since the poller answered it,
                // a binlog in (afterCommitSeq, _start] may exist that only the job's own fetch can find.
                if ((afterCommitSeq < _start && !_answered.Contains(tableId)) || Latest(tableId) > afterCommitSeq)
                {
                    _answered.Add(tableId);
                    return Task.CompletedTask;
                }

                waiter = new Waiter(tableId, afterCommitSeq);
                _waiters.Add(waiter);
            }

            if (maxWait != Timeout.InfiniteTimeSpan)
            {
                waiter.Timer = Time.CreateTimer(static state =>
                {
                    var (poller, w) = ((DatabasePoller, Waiter))state!;
                    poller.Release([w]);
                }, (this, waiter), maxWait, Timeout.InfiniteTimeSpan);
            }

            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
                {
                    var (poller, w) = ((DatabasePoller, Waiter))state!;
                    if (poller.Remove(w, answered: false)) w.TrySetCanceled(token);
                }, (this, waiter));
            }

            // A timer or token that fired before the other was stored here released the waiter without disposing what
            // was set afterwards: drop it now.
            bool listed;
            lock (_lock)
            {
                listed = _waiters.Contains(waiter);
            }

            if (!listed) Dispose(waiter);
            return waiter.Task;
        }

        private long Latest(long tableId) =>
            tableId == 0 ? _latestAny : Math.Max(_latestUntabled, _latestByTable.GetValueOrDefault(tableId, long.MinValue));

        // answered: the waiter's job is told to fetch now (not so for a cancelled wait, whose job may not fetch).
        private bool Remove(Waiter waiter, bool answered)
        {
            lock (_lock)
            {
                if (!_waiters.Remove(waiter)) return false;
                if (answered) _answered.Add(waiter.TableId);
                if (_waiters.Count == 0) _idleSince = Time.GetTimestamp();
            }

            Dispose(waiter);
            return true;
        }

        private void Release(IEnumerable<Waiter> waiters)
        {
            foreach (var waiter in waiters)
            {
                if (Remove(waiter, answered: true)) waiter.TrySetResult();
            }
        }

        private static void Dispose(Waiter waiter)
        {
            waiter.Timer?.Dispose();
            // Unregister, not Dispose: it never waits for a callback running on another thread.
            waiter.Registration.Unregister();
        }

        private void WakeAll()
        {
            Waiter[] all;
            lock (_lock)
            {
                all = [.. _waiters];
            }

            Release(all);
        }

        private async Task RunAsync()
        {
            var token = _stop.Token;
            IFrontendService? client = null;
            try
            {
                client = _owner._clients(_source);
                await StartAtHeadAsync(client, token);
                while (!_owner.TryRetire(this))
                {
                    TimeSpan delay;
                    try
                    {
                        await _owner._budget.AcquireAsync(Endpoint(client), token);
                        var request = Request();
                        request.NumAcquired = _owner._options.BatchSize;
                        var result = await client.GetBinlogAsync(request, token);
                        delay = Handle(result);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        delay = Failed($"getBinlog failed: {e.Message}");
                    }

                    if (delay > TimeSpan.Zero) await Task.Delay(delay, Time, token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped by DisposeAsync.
            }
            catch (Exception e)
            {
                // Cannot happen short of a bug (or a client factory that throws): say so, and let the waiters go.
                _owner._logger.LogError(e, "binlog watcher for {Database} on {Frontend} stopped", Key.Database, Key.Frontend);
                lock (_owner._lock)
                {
                    if (_owner._pollers.TryGetValue(Key, out var current) && current == this) _owner._pollers.Remove(Key);
                }
            }
            finally
            {
                WakeAll();
                if (client is IAsyncDisposable disposable) await disposable.DisposeAsync();
            }
        }

        // A table job's commit seq is usually behind the database head (other tables moved on), and starting there
        // means reading every binlog in between: one call each on Doris 2.0/2.1. getBinlogLag names the last commit
        // seq on 2.1+ FEs: start there and answer the waiters below it (their jobs look for themselves, once). An FE
        // without last_commit_seq (2.0), or a failed call, leaves the poller walking from its first waiter's seq.
        private async Task StartAtHeadAsync(IFrontendService client, CancellationToken cancellationToken)
        {
            TGetBinlogLagResult lag;
            try
            {
                await _owner._budget.AcquireAsync(Endpoint(client), cancellationToken);
                lag = await client.GetBinlogLagAsync(Request(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _owner._logger.LogDebug("binlog watcher for {Database} on {Frontend}: getBinlogLag failed ({Problem}); reading from commit seq {Start}",
                    Key.Database, Key.Frontend, e.Message, _position);
                return;
            }

            if ((lag.Status?.StatusCode ?? TStatusCode.OK) != TStatusCode.OK || !lag.__isset.last_commit_seq) return;
            var head = lag.LastCommitSeq;
            var below = new List<Waiter>();
            lock (_lock)
            {
                if (head <= _position) return;
                _start = head;
                _position = head;
                below.AddRange(_waiters.Where(w => w.AfterCommitSeq < head));
            }

            Release(below);
        }

        private FrontendEndpoint Endpoint(IFrontendService client) => client is FailoverFrontendClient failover ? failover.Master : Key.Frontend;

        private TGetBinlogRequest Request() => new()
        {
            Cluster = _source.Cluster.Length > 0 ? _source.Cluster : null,
            User = _source.User,
            Passwd = _source.Password,
            Db = _source.Database,
            PrevCommitSeq = _position,
        };

        // Applies one getBinlog answer; returns the delay before the next poll.
        private TimeSpan Handle(TGetBinlogResult result)
        {
            var status = result.Status?.StatusCode ?? TStatusCode.OK;
            switch (status)
            {
                case TStatusCode.OK when result.Binlogs is { Count: > 0 } binlogs:
                    return Seen(binlogs) ? TimeSpan.Zero : Failed("getBinlog answered OK with no binlog after the requested commit seq");
                case TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ:
                // No binlog was ever recorded for the database: nothing to wait for yet, as when caught up.
                case TStatusCode.BINLOG_NOT_FOUND_DB:
                    _failures = 0;
                    return _owner._options.Schedule.IdleDelay(Time.GetElapsedTime(Interlocked.Read(ref _lastBinlogAt)));
                case TStatusCode.BINLOG_TOO_OLD_COMMIT_SEQ:
                    // GC passed our position: what it removed is unknown, so every waiter must look for itself (its
                    // own fetch answers TOO_OLD and starts a full sync). Go on from the GC horizon the DUMMY carries.
                    if (result.Binlogs is [{ CommitSeq: long horizon }, ..]) Restart(horizon);
                    return Failed($"getBinlog answered BINLOG_TOO_OLD_COMMIT_SEQ at commit seq {_position}");
                default:
                    var messages = result.Status?.ErrorMsgs is { Count: > 0 } m ? ": " + string.Join("; ", m) : "";
                    return Failed($"getBinlog answered {status}{messages}");
            }
        }

        private bool Seen(List<TBinlog> binlogs)
        {
            var woken = new List<Waiter>();
            lock (_lock)
            {
                var before = _position;
                foreach (var binlog in binlogs)
                {
                    if (!binlog.__isset.commit_seq || binlog.CommitSeq <= _start) continue;
                    var seq = binlog.CommitSeq;
                    _position = Math.Max(_position, seq);
                    _latestAny = Math.Max(_latestAny, seq);
                    if (binlog.TableIds is { Count: > 0 } tables)
                    {
                        foreach (var table in tables)
                        {
                            _latestByTable[table] = Math.Max(_latestByTable.GetValueOrDefault(table, long.MinValue), seq);
                        }
                    }
                    else
                    {
                        // ALTER_DATABASE_PROPERTY and the like: every job of the database may have to act.
                        _latestUntabled = Math.Max(_latestUntabled, seq);
                    }
                }

                if (_position == before) return false;
                Interlocked.Exchange(ref _lastBinlogAt, Time.GetTimestamp());
                _failures = 0;
                foreach (var waiter in _waiters)
                {
                    if (Latest(waiter.TableId) > waiter.AfterCommitSeq) woken.Add(waiter);
                }
            }

            Release(woken);
            return true;
        }

        private void Restart(long horizon)
        {
            lock (_lock)
            {
                if (horizon <= _position) return;
                _start = horizon;
                _position = horizon;
                _latestByTable.Clear();
                _latestAny = long.MinValue;
                _latestUntabled = long.MinValue;
                // A job busy while this happened has not fetched since: it must be answered at once when it comes back.
                _answered.Clear();
            }
        }

        private TimeSpan Failed(string what)
        {
            var failures = ++_failures;
            var delay = _owner._options.Schedule.ErrorDelay(failures);
            _owner._logger.LogWarning("binlog watcher for {Database} on {Frontend}: {Problem}; waking its {Count} waiters, next poll in {Delay}",
                Key.Database, Key.Frontend, what, WaiterCount(), delay);
            WakeAll();
            return delay;
        }

        private int WaiterCount()
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }
}
