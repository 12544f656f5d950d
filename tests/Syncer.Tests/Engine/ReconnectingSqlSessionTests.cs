using Syncer.Cluster;
using Syncer.Doris.Sql;
using Syncer.Engine;
using Syncer.Jobs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// <see cref="ReconnectingSqlSession"/> over real connections to a minidoris FE: a caught-up job closes its idle
/// connection, and the session opens a new one for its next statement. A decorator counts the connections opened and
/// closed, and can hold a statement to show that a running one keeps its connection.
/// </summary>
public sealed class ReconnectingSqlSessionTests(ReconnectingSqlSessionTests.Doris doris) : IClassFixture<ReconnectingSqlSessionTests.Doris>
{
    /// <summary>One minidoris for the class.</summary>
    public sealed class Doris : IAsyncLifetime
    {
        public MiniDorisCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await MiniDorisCluster.StartAsync();

        public async Task DisposeAsync()
        {
            if (Cluster is not null) await Cluster.DisposeAsync();
        }
    }

    private const string Statement = "show proc '/dbs/'";

    [Fact]
    public async Task CloseIdle_closes_the_connection_and_the_next_statement_opens_a_new_one()
    {
        var connector = new CountingConnector(new DorisSqlConnector(new ClusterTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), TimeProvider.System));
        await using var session = new ReconnectingSqlSession(connector, doris.Cluster.Spec("information_schema"));
        Assert.False(session.IsOpen);

        var before = await session.QueryAsync(Statement, CancellationToken.None);
        Assert.True(session.IsOpen);
        Assert.Equal(1, connector.Opened);

        await session.CloseIdleAsync();
        Assert.False(session.IsOpen);
        Assert.Equal(1, connector.Closed);
        await session.CloseIdleAsync();
        Assert.Equal(1, connector.Closed);

        var after = await session.QueryAsync(Statement, CancellationToken.None);
        Assert.Equal(before.Rows.Count, after.Rows.Count);
        Assert.True(session.IsOpen);
        Assert.Equal(2, connector.Opened);
    }

    [Fact]
    public async Task CloseIdle_leaves_a_running_statement_its_connection()
    {
        var connector = new CountingConnector(new DorisSqlConnector(new ClusterTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), TimeProvider.System));
        await using var session = new ReconnectingSqlSession(connector, doris.Cluster.Spec("information_schema"));
        await session.QueryAsync(Statement, CancellationToken.None);

        connector.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = session.QueryAsync(Statement, CancellationToken.None);
        await connector.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await session.CloseIdleAsync();
        Assert.True(session.IsOpen);
        Assert.Equal(0, connector.Closed);

        connector.Hold.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, connector.Opened);
        await session.CloseIdleAsync();
        Assert.False(session.IsOpen);
        Assert.Equal(1, connector.Closed);
    }

    /// <summary>Counts real sessions opened and disposed; while <see cref="Hold"/> is set, a query waits for it first.</summary>
    private sealed class CountingConnector(IDorisSqlConnector inner) : IDorisSqlConnector
    {
        private int _opened;
        private int _closed;

        public int Opened => Volatile.Read(ref _opened);

        public int Closed => Volatile.Read(ref _closed);

        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken)
        {
            var session = await inner.OpenAsync(cluster, cancellationToken);
            Interlocked.Increment(ref _opened);
            return new Counted(this, session);
        }

        private sealed class Counted(CountingConnector owner, IDorisSqlSession inner) : IDorisSqlSession
        {
            public async Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
            {
                if (owner.Hold is { } hold)
                {
                    owner.Held.TrySetResult();
                    await hold.Task.WaitAsync(cancellationToken);
                }
                return await inner.QueryAsync(sql, cancellationToken);
            }

            public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => inner.ExecuteAsync(sql, cancellationToken);

            public async ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref owner._closed);
                await inner.DisposeAsync();
            }
        }
    }
}
