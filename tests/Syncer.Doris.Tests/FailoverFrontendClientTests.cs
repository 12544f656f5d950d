using System.Net;
using System.Net.Sockets;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.Wire.Thrift;
using Syncer.Wire.Thrift.Server;

namespace Syncer.Doris.Tests;

public sealed class FailoverFrontendClientTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync();
        }
    }

    private (StubFrontend Stub, FrontendEndpoint Endpoint) StartFrontend(Func<TGetBinlogRequest, TGetBinlogResult> getBinlog)
    {
        var stub = new StubFrontend(getBinlog);
        var server = new ThriftServer(new ThriftProcessor().AddFrontendService(stub));
        server.Start();
        _cleanup.Add(server);
        return (stub, new FrontendEndpoint("127.0.0.1", server.Port));
    }

    private FailoverFrontendClient Client(FrontendEndpoint master, params FrontendEndpoint[] others)
    {
        var client = new FailoverFrontendClient(master, others);
        _cleanup.Add(client);
        return client;
    }

    private static TGetBinlogResult Answer(TStatusCode code, TNetworkAddress? master = null, long seq = 0) => new()
    {
        Status = new TStatus { StatusCode = code },
        MasterAddress = master,
        Binlogs = seq > 0 ? [new TBinlog { CommitSeq = seq, Type = TBinlogType.UPSERT }] : null,
    };

    private static FrontendEndpoint ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new FrontendEndpoint("127.0.0.1", port);
    }

    private static ValueTask<TGetBinlogResult> GetBinlog(IFrontendService fe) =>
        fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = "", Db = "db", PrevCommitSeq = 0 }, CancellationToken.None);

    [Fact]
    public async Task Not_master_with_address_is_followed_and_remembered()
    {
        var master = StartFrontend(_ => Answer(TStatusCode.OK, seq: 42));
        var follower = StartFrontend(_ => Answer(TStatusCode.NOT_MASTER, new TNetworkAddress { Hostname = "127.0.0.1", Port = master.Endpoint.Port }));
        var client = Client(follower.Endpoint);

        var first = await GetBinlog(client);
        var second = await GetBinlog(client);

        Assert.Equal(42, first.Binlogs![0].CommitSeq);
        Assert.Equal(TStatusCode.OK, second.Status!.StatusCode);
        Assert.Equal(master.Endpoint, client.Master);
        Assert.Equal(1, follower.Stub.Calls);
        Assert.Equal(2, master.Stub.Calls);
    }

    [Fact]
    public async Task Not_master_without_address_tries_the_next_frontend()
    {
        var follower = StartFrontend(_ => Answer(TStatusCode.NOT_MASTER));
        var master = StartFrontend(_ => Answer(TStatusCode.OK, seq: 7));
        var client = Client(follower.Endpoint, master.Endpoint);

        var result = await GetBinlog(client);

        Assert.Equal(7, result.Binlogs![0].CommitSeq);
        Assert.Equal(master.Endpoint, client.Master);
    }

    [Fact]
    public async Task Unreachable_master_fails_over_to_another_frontend()
    {
        var down = ClosedPort();
        var alive = StartFrontend(_ => Answer(TStatusCode.OK, seq: 9));
        var client = Client(down, alive.Endpoint);

        var result = await GetBinlog(client);

        Assert.Equal(9, result.Binlogs![0].CommitSeq);
        Assert.Equal(alive.Endpoint, client.Master);
    }

    [Fact]
    public async Task No_reachable_frontend_is_a_connect_failure_naming_them_all()
    {
        var a = ClosedPort();
        var b = ClosedPort();
        var client = Client(a, b);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => GetBinlog(client).AsTask());

        Assert.Equal(ThriftTransportError.ConnectFailed, error.Error);
        Assert.Contains(a.ToString(), error.Message);
        Assert.Contains(b.ToString(), error.Message);
    }

    [Fact]
    public async Task Other_statuses_are_returned_without_failover()
    {
        var first = StartFrontend(_ => Answer(TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ));
        var second = StartFrontend(_ => Answer(TStatusCode.OK, seq: 1));
        var client = Client(first.Endpoint, second.Endpoint);

        var result = await GetBinlog(client);

        Assert.Equal(TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ, result.Status!.StatusCode);
        Assert.Equal(0, second.Stub.Calls);
    }

    [Fact]
    public async Task Every_frontend_saying_not_master_returns_that_answer()
    {
        var a = StartFrontend(_ => Answer(TStatusCode.NOT_MASTER));
        var b = StartFrontend(_ => Answer(TStatusCode.NOT_MASTER));
        var client = Client(a.Endpoint, b.Endpoint);

        var result = await GetBinlog(client);

        Assert.Equal(TStatusCode.NOT_MASTER, result.Status!.StatusCode);
        Assert.Equal(1, a.Stub.Calls);
        Assert.Equal(1, b.Stub.Calls);
    }

    /// <summary>An FE that answers getBinlog from a script and refuses everything else.</summary>
    private sealed class StubFrontend(Func<TGetBinlogRequest, TGetBinlogResult> getBinlog) : IFrontendService
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(getBinlog(request));
        }

        public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
