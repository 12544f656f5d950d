using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Syncer.Wire.Thrift;
using Syncer.Wire.Thrift.Client;
using Syncer.Wire.Thrift.Protocol;
using Syncer.Wire.Thrift.Server;
using Syncer.Wire.Thrift.Transport;

namespace Syncer.Wire.Tests.Thrift;

public sealed class ThriftClientServerTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _neverReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IAsyncDisposable> _cleanup = [];
    private int _calls;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _neverReleased.TrySetResult();
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync();
        }
    }

    private ThriftProcessor EchoProcessor(string tag = "") => new ThriftProcessor()
        .Register<EchoRequest, EchoResult>("echo", async (request, ct) =>
        {
            Interlocked.Increment(ref _calls);
            if (request.DelayMs is { } delay)
            {
                await Task.Delay(delay, ct);
            }

            return new EchoResult { Text = tag + request.Text, Payload = request.Payload };
        })
        .Register<EchoRequest, EchoResult>("hang", async (_, ct) =>
        {
            await _neverReleased.Task.WaitAsync(ct);
            return new EchoResult();
        })
        .Register<EchoRequest, EchoResult>("fail", (request, _) => throw new InvalidOperationException("boom: " + request.Text))
        .Register<EchoRequest, EchoResult>("drop", (_, _) => throw new ThriftConnectionAbortException());

    private ThriftServer StartServer(ThriftProcessor processor, int port = 0, ThriftTransportMode mode = ThriftTransportMode.Buffered)
    {
        var server = new ThriftServer(processor, new ThriftServerOptions { Port = port, Transport = mode });
        server.Start();
        _cleanup.Add(server);
        return server;
    }

    private ThriftClient Client(int port, TimeSpan? callTimeout = null, ThriftTransportMode mode = ThriftTransportMode.Buffered)
    {
        var client = new ThriftClient(new ThriftClientOptions("127.0.0.1", port)
        {
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Transport = mode,
        });
        _cleanup.Add(client);
        return client;
    }

    private static ValueTask<EchoResult> Echo(ThriftClient client, string text, string method = "echo", int? delayMs = null) =>
        client.CallAsync<EchoRequest, EchoResult>(method, new EchoRequest { Text = text, DelayMs = delayMs });

    [Fact]
    public async Task CallReturnsTheHandlersResult()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);

        var result = await Echo(client, "数据");

        Assert.Equal("数据", result.Text);
    }

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnReply()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);

        var calls = Enumerable.Range(0, 200).Select(i => Echo(client, $"call-{i}", delayMs: i % 7).AsTask()).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call-{i}"), results.Select(r => r.Text));
        Assert.Equal(200, Volatile.Read(ref _calls));
    }

    [Fact]
    public async Task SequentialCallsReuseOneConnection()
    {
        var server = StartServer(EchoProcessor());
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
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port, callTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x", "hang").AsTask());
        Assert.Equal(ThriftTransportError.Timeout, error.Error);
        Assert.Contains("hang", error.Message);

        Assert.Equal("after", (await Echo(client, "after")).Text);
    }

    [Fact]
    public async Task UnknownMethodIsAnApplicationExceptionAndTheConnectionStaysUsable()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);

        var error = await Assert.ThrowsAsync<ThriftApplicationException>(() => Echo(client, "x", "noSuchMethod").AsTask());

        Assert.Equal(TApplicationExceptionType.UnknownMethod, error.Type);
        Assert.Equal("Invalid method name: 'noSuchMethod'", error.Message);
        Assert.Equal("ok", (await Echo(client, "ok")).Text);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task HandlerFailureIsAnInternalErrorApplicationException()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);

        var error = await Assert.ThrowsAsync<ThriftApplicationException>(() => Echo(client, "x", "fail").AsTask());

        Assert.Equal(TApplicationExceptionType.InternalError, error.Type);
        Assert.Contains("boom: x", error.Message);
    }

    [Fact]
    public async Task HandlerAbortResetsTheConnectionAndTheClientRecovers()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x", "drop").AsTask());

        Assert.Equal(ThriftTransportError.ConnectionClosed, error.Error);
        Assert.Equal("next", (await Echo(client, "next")).Text);
    }

    [Fact]
    public async Task ClientReconnectsAfterTheServerRestarts()
    {
        var first = StartServer(EchoProcessor("first:"));
        var port = first.Port;
        var client = Client(port);
        Assert.Equal("first:a", (await Echo(client, "a")).Text);

        await first.StopAsync();
        var down = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "b").AsTask());
        Assert.Equal(ThriftTransportError.ConnectFailed, down.Error);

        StartServer(EchoProcessor("second:"), port);
        Assert.Equal("second:c", (await Echo(client, "c")).Text);
    }

    [Fact]
    public async Task IdleConnectionClosedByTheServerIsNotReused()
    {
        var first = StartServer(EchoProcessor("first:"));
        var port = first.Port;
        var client = Client(port);
        await Echo(client, "a");

        // Restart without the client noticing: its pooled connection is now dead.
        await first.StopAsync();
        StartServer(EchoProcessor("second:"), port);

        Assert.Equal("second:b", (await Echo(client, "b")).Text);
    }

    [Fact]
    public async Task ConnectingToAClosedPortFailsFast()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = Client(port);

        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x").AsTask());

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

            await using var client = new ThriftClient(new ThriftClientOptions("127.0.0.1", port) { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
            var started = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<ThriftTransportException>(() => Echo(client, "x").AsTask());

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
        var server = StartServer(EchoProcessor(), mode: mode);
        var client = Client(server.Port, mode: mode);
        var payload = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(payload);

        var result = await client.CallAsync<EchoRequest, EchoResult>("echo", new EchoRequest { Payload = payload });

        Assert.Equal(payload, result.Payload);
    }

    [Fact]
    public async Task ReplyWithAnotherSequenceIdIsRejected()
    {
        await using var fake = new ScriptedPeer(request =>
        {
            var reader = new TBinaryReader(request);
            var header = reader.ReadMessageBegin();
            var output = new ArrayBufferWriter<byte>();
            ThriftMessageCodec.WriteReply(output, header.Name, header.SeqId + 1, new EchoResult { Text = "stale" });
            return output.WrittenSpan.ToArray();
        });
        var client = Client(fake.Port);

        var error = await Assert.ThrowsAsync<ThriftApplicationException>(() => Echo(client, "x").AsTask());

        Assert.Equal(TApplicationExceptionType.BadSequenceId, error.Type);
    }

    [Fact]
    public async Task StopWaitsForConnectionsAndRefusesNewOnes()
    {
        var server = StartServer(EchoProcessor());
        var client = Client(server.Port);
        var hanging = Echo(client, "x", "hang").AsTask();
        await WaitUntil(() => server.ConnectionCount == 1);

        await server.StopAsync();

        Assert.Equal(0, server.ConnectionCount);
        var error = await Assert.ThrowsAsync<ThriftTransportException>(() => hanging);
        Assert.Equal(ThriftTransportError.ConnectionClosed, error.Error);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>A bare TCP peer that answers each request with bytes a test computes.</summary>
    private sealed class ScriptedPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _loop;

        public ScriptedPeer(Func<byte[], byte[]> respond)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                using var socket = await _listener.AcceptSocketAsync();
                var buffer = new byte[64 * 1024];
                var scanner = new TBinaryMessageScanner();
                var filled = 0;
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled));
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                    if (scanner.TryComplete(buffer.AsSpan(0, filled), out var length, out _))
                    {
                        await socket.SendAsync(respond(buffer[..length]));
                        return;
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
