using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Syncer.Wire.Thrift.Client;
using Syncer.Wire.Thrift.Protocol;
using Syncer.Wire.Thrift.Server;
using Syncer.Wire.Thrift.Transport;

namespace Syncer.Wire.Tests.Thrift;

/// <summary>
/// Bytes no Thrift client sends, on a live server socket: the server drops that connection, allocates no more than
/// what actually arrived, and keeps serving everyone else.
/// </summary>
public sealed class ThriftServerMalformedInputTests : IAsyncLifetime
{
    // A hang guard, not a timing claim: a well-behaved server closes at once.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private ThriftServer _buffered = null!;
    private ThriftServer _framed = null!;

    public Task InitializeAsync()
    {
        _buffered = Start(ThriftTransportMode.Buffered);
        _framed = Start(ThriftTransportMode.Framed);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _buffered.DisposeAsync();
        await _framed.DisposeAsync();
    }

    private static ThriftServer Start(ThriftTransportMode mode, int? maxMessageSize = null)
    {
        var processor = new ThriftProcessor().Register<EchoRequest, EchoResult>(
            "echo", (request, _) => ValueTask.FromResult(new EchoResult { Text = request.Text }));
        var options = new ThriftServerOptions { Port = 0, Transport = mode };
        var server = new ThriftServer(processor, maxMessageSize is { } max ? options with { MaxMessageSize = max } : options);
        server.Start();
        return server;
    }

    private ThriftServer Server(ThriftTransportMode mode) => mode == ThriftTransportMode.Framed ? _framed : _buffered;

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task Garbage_after_a_good_call_on_the_same_socket_closes_only_that_connection(ThriftTransportMode mode)
    {
        using var socket = await ConnectAsync(Server(mode).Port);
        var call = Message(mode, "echo", "first");
        await socket.SendAsync(call);
        // Read the whole reply (it may arrive in pieces), so what follows the garbage is the server's reaction alone.
        var expected = Reply(mode, "echo", new EchoResult { Text = "first" });
        Assert.Equal(expected, await ReadExactlyAsync(socket, expected.Length));

        // An unversioned message header whose type byte and method name are nonsense.
        var garbage = new byte[4096];
        new Random(11).NextBytes(garbage);
        garbage[0] = 0x7F;
        await socket.SendAsync(garbage);

        await AssertClosedAsync(socket);
        await AssertStillServesAsync(mode);
    }

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task A_huge_declared_length_allocates_only_what_arrives(ThriftTransportMode mode)
    {
        // About 2 GB declared to a server whose limit admits it (so the size check alone does not refuse it), 12 bytes sent.
        const int Declared = 0x7FF0_0000;
        await using var server = Start(mode, maxMessageSize: Array.MaxLength);
        var header = new ArrayBufferWriter<byte>();
        if (mode == ThriftTransportMode.Framed)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.GetSpan(4), Declared);
            header.Advance(4);
            header.Write<byte>([0x80, 0x01, 0x00, 0x01]);
        }
        else
        {
            // Strict message header, then a method name of that length.
            header.Write<byte>([0x80, 0x01, 0x00, 0x01]);
            BinaryPrimitives.WriteInt32BigEndian(header.GetSpan(4), Declared);
            header.Advance(4);
        }

        header.Write<byte>("echo"u8);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using (var socket = await ConnectAsync(server.Port))
        {
            await socket.SendAsync(header.WrittenMemory);
            socket.Shutdown(SocketShutdown.Send);
            await AssertClosedAsync(socket);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        // Other tests run alongside and allocate too; a buffer sized by the declared length alone would be ~2 GB.
        Assert.True(allocated < 512L * 1024 * 1024, $"{allocated:N0} bytes allocated for a message of which 12 bytes arrived");
        await AssertStillServesAsync(mode);
    }

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task A_declared_length_over_the_default_limit_closes_the_connection_at_once(ThriftTransportMode mode)
    {
        // 100 MiB + 1: over Apache Thrift's (and Doris's) default limit. No half-close: the server must not wait for it.
        const int Declared = (100 * 1024 * 1024) + 1;
        var bytes = new byte[12];
        if (mode == ThriftTransportMode.Framed)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, Declared);
            bytes.AsSpan(4).Fill(0x42);
        }
        else
        {
            bytes[0] = 0x80;
            bytes[1] = 0x01;
            bytes[3] = 0x01;
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), Declared);
        }

        using var socket = await ConnectAsync(Server(mode).Port);
        await socket.SendAsync(bytes);
        await AssertClosedAsync(socket);
        await AssertStillServesAsync(mode);
    }

    [Fact]
    public async Task A_frame_length_over_the_limit_closes_the_connection()
    {
        using var socket = await ConnectAsync(_framed.Port);
        var frame = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(frame, int.MaxValue);
        await socket.SendAsync(frame);
        await AssertClosedAsync(socket);

        using var negative = await ConnectAsync(_framed.Port);
        BinaryPrimitives.WriteInt32BigEndian(frame, -5);
        await negative.SendAsync(frame);
        await AssertClosedAsync(negative);
        await AssertStillServesAsync(ThriftTransportMode.Framed);
    }

    private static byte[] Message(ThriftTransportMode mode, string method, string text)
    {
        var body = new ArrayBufferWriter<byte>();
        ThriftMessageCodec.WriteCall(body, method, 1, new EchoRequest { Text = text });
        return Frame(mode, body);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, guard.Token);
            Assert.True(n > 0, $"the server closed after {read} of {count} reply bytes");
            read += n;
        }

        return buffer;
    }

    private static byte[] Reply(ThriftTransportMode mode, string method, EchoResult result)
    {
        var body = new ArrayBufferWriter<byte>();
        ThriftMessageCodec.WriteReply(body, method, 1, result);
        return Frame(mode, body);
    }

    private static byte[] Frame(ThriftTransportMode mode, ArrayBufferWriter<byte> body)
    {
        if (mode == ThriftTransportMode.Buffered)
        {
            return body.WrittenSpan.ToArray();
        }

        var framed = new byte[4 + body.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(framed, body.WrittenCount);
        body.WrittenSpan.CopyTo(framed.AsSpan(4));
        return framed;
    }

    /// <summary>Reads until the server closes (or resets) the connection; it must not answer garbage.</summary>
    private static async Task AssertClosedAsync(Socket socket)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var buffer = new byte[65536];
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, guard.Token);
            Assert.True(n == 0, $"the server answered {n} bytes instead of closing");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed with our bytes unread: a reset is a close too.
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            Assert.Fail($"the server neither answered nor closed the connection within {HangGuard}");
        }
    }

    private async Task AssertStillServesAsync(ThriftTransportMode mode)
    {
        await using var client = new ThriftClient(new ThriftClientOptions("127.0.0.1", Server(mode).Port) { Transport = mode });
        var result = await client.CallAsync<EchoRequest, EchoResult>("echo", new EchoRequest { Text = "still here" });
        Assert.Equal("still here", result.Text);
    }
}
