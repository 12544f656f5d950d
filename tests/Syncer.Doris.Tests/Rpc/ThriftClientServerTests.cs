using System.Net;
using System.Net.Sockets;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Protocol.Utilities;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace Syncer.Doris.Tests.Rpc;

/// <summary>
/// The promises of our Doris RPC clients (<see cref="FrontendClient"/>, <see cref="BackendClient"/>: pooling, timeouts,
/// reconnects, never reusing a broken connection) and of <see cref="ThriftServiceHost"/>, over real sockets, with
/// Apache Thrift's generated code on both sides.
/// </summary>
public sealed class ThriftClientServerTests : IAsyncLifetime
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

    private ThriftServiceHost StartServer(ScriptedFrontend frontend, int port = 0, ThriftTransportMode mode = ThriftTransportMode.Buffered)
    {
        var server = new ThriftServiceHost(FrontendServiceHandler.Processor(frontend), port, mode);
        server.Start();
        _cleanup.Add(server);
        return server;
    }

    private FrontendClient Client(int port, TimeSpan? callTimeout = null, ThriftTransportMode mode = ThriftTransportMode.Buffered, TimeSpan? connectTimeout = null)
    {
        var client = new FrontendClient(new ThriftClientOptions("127.0.0.1", port)
        {
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30),
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(5),
            Transport = mode,
        });
        _cleanup.Add(client);
        return client;
    }

    /// <summary>getMasterToken as an echo: the scripted FE answers its tag and the user name as the token.</summary>
    private static async Task<string?> Echo(IFrontendService client, string text) =>
        (await client.GetMasterTokenAsync(new TGetMasterTokenRequest { User = text }, CancellationToken.None)).Token;

    [Fact]
    public async Task CallReturnsTheHandlersResult()
    {
        var server = StartServer(new ScriptedFrontend());
        var client = Client(server.Port);

        Assert.Equal("数据", await Echo(client, "数据"));
    }

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnReply()
    {
        var frontend = new ScriptedFrontend { EchoDelay = text => int.Parse(text[5..], System.Globalization.CultureInfo.InvariantCulture) % 7 };
        var server = StartServer(frontend);
        var client = Client(server.Port);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Echo(client, $"call-{i}")));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call-{i}"), results);
        Assert.Equal(200, frontend.Calls);
    }

    [Fact]
    public async Task SequentialCallsReuseOneConnection()
    {
        var server = StartServer(new ScriptedFrontend());
        var client = Client(server.Port);

        for (var i = 0; i < 20; i++)
        {
            await Echo(client, "x");
        }

        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task SlowCallTimesOutAndTheClientRecovers()
    {
        var server = StartServer(new ScriptedFrontend());
        var client = Client(server.Port, callTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => client.GetBinlogLagAsync(new TGetBinlogRequest(), CancellationToken.None).AsTask());
        Assert.Equal(ThriftTransportError.Timeout, error.Error);
        Assert.True(error.RequestMayHaveBeenSent);
        Assert.Contains("getBinlogLag", error.Message);

        Assert.Equal("after", await Echo(client, "after"));
    }

    [Fact]
    public async Task UnknownMethodIsAnApplicationExceptionAndTheConnectionStaysUsable()
    {
        // A BackendService call sent to an FE: Apache Thrift's processor does not know the method.
        var server = StartServer(new ScriptedFrontend());
        await using var be = new BackendClient(new ThriftClientOptions("127.0.0.1", server.Port));

        var error = await Assert.ThrowsAsync<TApplicationException>(() => be.IngestBinlogAsync(new TIngestBinlogRequest(), CancellationToken.None).AsTask());
        var again = await Assert.ThrowsAsync<TApplicationException>(() => be.IngestBinlogAsync(new TIngestBinlogRequest(), CancellationToken.None).AsTask());

        Assert.Equal(TApplicationException.ExceptionType.UnknownMethod, error.Type);
        Assert.Equal("Invalid method name: 'ingest_binlog'", error.Message);
        Assert.Equal(TApplicationException.ExceptionType.UnknownMethod, again.Type);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task HandlerFailureIsAnInternalErrorApplicationException()
    {
        var server = StartServer(new ScriptedFrontend());
        var client = Client(server.Port);

        var error = await Assert.ThrowsAsync<TApplicationException>(() => client.RollbackTxnAsync(new TRollbackTxnRequest(), CancellationToken.None).AsTask());

        Assert.Equal(TApplicationException.ExceptionType.InternalError, error.Type);
        Assert.Equal("ok", await Echo(client, "ok"));
    }

    [Fact]
    public async Task HandlerAbortClosesTheConnectionAndTheClientRecovers()
    {
        var server = StartServer(new ScriptedFrontend());
        var client = Client(server.Port);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => client.CommitTxnAsync(new TCommitTxnRequest(), CancellationToken.None).AsTask());

        Assert.Equal(ThriftTransportError.ConnectionClosed, error.Error);
        Assert.True(error.RequestMayHaveBeenSent);
        Assert.Equal("next", await Echo(client, "next"));
    }

    [Fact]
    public async Task ClientReconnectsAfterTheServerRestarts()
    {
        var first = StartServer(new ScriptedFrontend("first:"));
        var port = first.Port;
        var client = Client(port);
        Assert.Equal("first:a", await Echo(client, "a"));

        await first.StopAsync();
        var down = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "b"));
        Assert.Equal(ThriftTransportError.ConnectFailed, down.Error);
        Assert.False(down.RequestMayHaveBeenSent);

        StartServer(new ScriptedFrontend("second:"), port);
        Assert.Equal("second:c", await Echo(client, "c"));
    }

    [Fact]
    public async Task IdleConnectionClosedByTheServerIsNotReused()
    {
        var first = StartServer(new ScriptedFrontend("first:"));
        var port = first.Port;
        var client = Client(port);
        await Echo(client, "a");

        // Restart without the client noticing: its pooled connection is now dead.
        await first.StopAsync();
        StartServer(new ScriptedFrontend("second:"), port);

        Assert.Equal("second:b", await Echo(client, "b"));
    }

    [Fact]
    public async Task ConnectingToAClosedPortFailsFast()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = Client(port);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x"));

        Assert.Equal(ThriftTransportError.ConnectFailed, error.Error);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task ConnectTimeoutIsHonoured()
    {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so a
        // new connect hangs until the client's connect timeout.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try
                {
                    filler.Connect(IPAddress.Loopback, port);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    // Pending: the backlog is full from here on.
                }
            }

            var client = Client(port, connectTimeout: TimeSpan.FromMilliseconds(500));
            var started = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x"));

            Assert.Equal(ThriftTransportError.ConnectFailed, error.Error);
            Assert.Contains("timed out", error.Message);
            Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task LargePayloadsTravelBothWays(ThriftTransportMode mode)
    {
        var frontend = new ScriptedFrontend();
        var server = StartServer(frontend, mode: mode);
        var client = Client(server.Port, mode: mode);
        var payload = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(payload);

        // restoreSnapshot carries the bytes to the FE, getSnapshot brings them back.
        await client.RestoreSnapshotAsync(new TRestoreSnapshotRequest { Meta = payload }, CancellationToken.None);
        var result = await client.GetSnapshotAsync(new TGetSnapshotRequest(), CancellationToken.None);

        Assert.Equal(payload, result.Meta);
    }

    [Fact]
    public async Task ReplyOverTheClientsSizeLimitIsRefused()
    {
        var frontend = new ScriptedFrontend();
        var server = StartServer(frontend);
        var big = Client(server.Port);
        var limited = new FrontendClient(new ThriftClientOptions("127.0.0.1", server.Port) { MaxMessageSize = 64 * 1024 });
        _cleanup.Add(limited);
        await big.RestoreSnapshotAsync(new TRestoreSnapshotRequest { Meta = new byte[1024 * 1024] }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => limited.GetSnapshotAsync(new TGetSnapshotRequest(), CancellationToken.None).AsTask());

        Assert.True(error.Error == ThriftTransportError.MessageTooLarge, error.ToString());
        Assert.False(error.IsTransient);
        Assert.Equal("small", await Echo(limited, "small"));
    }

    [Fact]
    public async Task ManyRepliesOnOneConnectionAddUpPastTheSizeLimit()
    {
        // The size limit applies to each message, not to everything a long-lived pooled connection has read.
        var frontend = new ScriptedFrontend();
        var server = StartServer(frontend);
        var client = new FrontendClient(new ThriftClientOptions("127.0.0.1", server.Port) { MaxMessageSize = 256 * 1024 });
        _cleanup.Add(client);
        await client.RestoreSnapshotAsync(new TRestoreSnapshotRequest { Meta = new byte[100 * 1024] }, CancellationToken.None);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(100 * 1024, (await client.GetSnapshotAsync(new TGetSnapshotRequest(), CancellationToken.None)).Meta!.Length);
        }

        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task ReplyWithAnotherSequenceIdIsRejected()
    {
        await using var fake = new ScriptedPeer(seqIdShift: 1);
        var client = Client(fake.Port);

        var error = await Assert.ThrowsAsync<TApplicationException>(() => Echo(client, "x"));

        Assert.Equal(TApplicationException.ExceptionType.BadSequenceId, error.Type);
    }

    [Fact]
    public async Task ConnectionWithBytesBeyondTheReplyIsNotReused()
    {
        // The extra bytes arrive with the reply, so the client's read-ahead buffer holds them and a socket poll cannot
        // see them; reusing the connection would read them as the next reply.
        await using var fake = new ScriptedPeer(seqIdShift: 0, trailing: [0x80, 0x01, 0x00, 0x02, 0xde, 0xad]);
        var client = Client(fake.Port);

        for (var i = 0; i < 2; i++)
        {
            var reply = await client.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "root", Password = "" }, CancellationToken.None);
            Assert.Equal("stale", reply.Token);
        }

        Assert.Equal(2, fake.Connections);
    }

    [Fact]
    public async Task StopWaitsForConnectionsAndRefusesNewOnes()
    {
        var frontend = new ScriptedFrontend();
        var server = StartServer(frontend);
        var client = Client(server.Port);
        var hanging = client.GetBinlogLagAsync(new TGetBinlogRequest(), CancellationToken.None).AsTask();
        await frontend.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, server.ConnectionCount);

        await server.StopAsync();

        Assert.Equal(0, server.ConnectionCount);
        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => hanging);
        Assert.Equal(ThriftTransportError.ConnectionClosed, error.Error);
        var refused = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "late"));
        Assert.Equal(ThriftTransportError.ConnectFailed, refused.Error);
    }

    /// <summary>
    /// An FE from a script: getMasterToken echoes, getBinlogLag hangs until the server stops, rollbackTxn fails,
    /// commitTxn drops the connection, restoreSnapshot/getSnapshot store and return bytes.
    /// </summary>
    private sealed class ScriptedFrontend(string tag = "") : IFrontendService
    {
        private int _calls;
        private byte[]? _stored;

        public Func<string, int>? EchoDelay { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (EchoDelay?.Invoke(request.User!) is { } delay)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return new TGetMasterTokenResult { Status = new TStatus { StatusCode = TStatusCode.OK }, Token = tag + request.User };
        }

        public async ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
        {
            Hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new TGetBinlogLagResult();
        }

        public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");

        public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) =>
            throw new TTransportException(TTransportException.ExceptionType.Interrupted, "dropped by the test");

        public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken)
        {
            _stored = request.Meta;
            return ValueTask.FromResult(new TRestoreSnapshotResult { Status = new TStatus { StatusCode = TStatusCode.OK } });
        }

        public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new TGetSnapshotResult { Status = new TStatus { StatusCode = TStatusCode.OK }, Meta = _stored });

        public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>
    /// A bare TCP peer that answers one getMasterToken call per connection with Apache Thrift's protocol, with its
    /// sequence id shifted and optional bytes after the reply in the same write, then keeps the connection open, silent.
    /// </summary>
    private sealed class ScriptedPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _connections;

        public ScriptedPeer(int seqIdShift, byte[]? trailing = null)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                var open = new List<TcpClient>();
                try
                {
                    while (true)
                    {
                        var tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
                        open.Add(tcp);
                        Interlocked.Increment(ref _connections);
                        var transport = new TBufferedTransport(new TSocketTransport(tcp, new TConfiguration()));
                        var protocol = new TBinaryProtocol(transport);
                        var call = await protocol.ReadMessageBeginAsync(CancellationToken.None);
                        await TProtocolUtil.SkipAsync(protocol, TType.Struct, CancellationToken.None);
                        await protocol.ReadMessageEndAsync(CancellationToken.None);
                        await protocol.WriteMessageBeginAsync(new TMessage(call.Name, TMessageType.Reply, call.SeqID + seqIdShift), CancellationToken.None);
                        var result = new FrontendService.InternalStructs.getMasterToken_result { Success = new TGetMasterTokenResult { Token = "stale" } };
                        await result.WriteAsync(protocol, CancellationToken.None);
                        await protocol.WriteMessageEndAsync(CancellationToken.None);
                        if (trailing is not null)
                        {
                            await transport.WriteAsync(trailing, CancellationToken.None);
                        }

                        await transport.FlushAsync(CancellationToken.None);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    // Stopped.
                }
                finally
                {
                    open.ForEach(tcp => tcp.Dispose());
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }
    }
}
