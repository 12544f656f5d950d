using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport.Client;

namespace Syncer.Doris.Tests.Rpc;

/// <summary>
/// Bytes no Thrift client sends, on a live <see cref="ThriftServiceHost"/> socket: the server drops that connection
/// without answering and keeps serving everyone else.
/// </summary>
public sealed class ThriftServerMalformedInputTests : IAsyncLifetime
{
    // A hang guard, not a timing claim: a well-behaved server closes at once.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private ThriftServiceHost _buffered = null!;
    private ThriftServiceHost _framed = null!;

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

    private static ThriftServiceHost Start(ThriftTransportMode mode)
    {
        var server = new ThriftServiceHost(FrontendServiceHandler.Processor(new TokenFrontend()), transport: mode);
        server.Start();
        return server;
    }

    private ThriftServiceHost Server(ThriftTransportMode mode) => mode == ThriftTransportMode.Framed ? _framed : _buffered;

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task Garbage_after_a_good_call_on_the_same_socket_closes_only_that_connection(ThriftTransportMode mode)
    {
        using var socket = await ConnectAsync(Server(mode).Port);
        await socket.SendAsync(await MessageAsync(mode, TMessageType.Call, new FrontendService.InternalStructs.getMasterToken_args { Request = new TGetMasterTokenRequest { User = "first" } }));
        // Read the whole reply (it may arrive in pieces), so what follows the garbage is the server's reaction alone.
        var expected = await MessageAsync(mode, TMessageType.Reply, new FrontendService.InternalStructs.getMasterToken_result { Success = TokenFrontend.Answer("first") });
        Assert.Equal(expected, await ReadExactlyAsync(socket, expected.Length));

        // An unversioned message header whose type byte and method name are nonsense.
        var garbage = new byte[4096];
        new Random(11).NextBytes(garbage);
        garbage[0] = 0x7F;
        await socket.SendAsync(mode == ThriftTransportMode.Framed ? Frame(garbage) : garbage);

        await AssertClosedAsync(socket);
        await AssertStillServesAsync(mode);
    }

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task A_message_cut_short_by_the_sender_ends_that_connection_only(ThriftTransportMode mode)
    {
        // 1 MiB declared (within the limit), 12 bytes sent, then the sender half-closes: the server must give up on it
        // when the bytes stop, not wait for the rest, and must not answer.
        const int Declared = 1024 * 1024;
        var bytes = new List<byte>();
        if (mode == ThriftTransportMode.Framed)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, Declared);
            bytes.AddRange(length);
            bytes.AddRange(new byte[] { 0x80, 0x01, 0x00, 0x01 });
        }
        else
        {
            // Strict message header, then a method name of that length.
            bytes.AddRange(new byte[] { 0x80, 0x01, 0x00, 0x01 });
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, Declared);
            bytes.AddRange(length);
        }

        bytes.AddRange("getM"u8.ToArray());
        using var socket = await ConnectAsync(Server(mode).Port);
        await socket.SendAsync(bytes.ToArray());
        socket.Shutdown(SocketShutdown.Send);

        await AssertClosedAsync(socket);
        await AssertStillServesAsync(mode);
    }

    [Theory]
    [InlineData(ThriftTransportMode.Buffered)]
    [InlineData(ThriftTransportMode.Framed)]
    public async Task A_declared_length_over_the_default_limit_closes_the_connection_at_once(ThriftTransportMode mode)
    {
        // 101 MiB: over Apache Thrift's (and Doris's) default limit of 100 MiB. (Apache Thrift's C# runtime counts the limit
        // against the bytes taken from the socket, which a buffered transport reads ahead, so a length only a few bytes
        // over can pass the check.) No half-close: the server must not wait for the rest.
        const int Declared = 101 * 1024 * 1024;
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

    /// <summary>One whole message as Apache Thrift's TBinaryProtocol writes it (method getMasterToken, seqid 1), framed or not.</summary>
    private static async Task<byte[]> MessageAsync(ThriftTransportMode mode, TMessageType type, TBase body)
    {
        using var buffer = new TMemoryBufferTransport(new TConfiguration());
        using var protocol = new TBinaryProtocol(buffer);
        await protocol.WriteMessageBeginAsync(new TMessage("getMasterToken", type, 1), CancellationToken.None);
        await body.WriteAsync(protocol, CancellationToken.None);
        await protocol.WriteMessageEndAsync(CancellationToken.None);
        var bytes = buffer.GetBuffer();
        return mode == ThriftTransportMode.Framed ? Frame(bytes) : bytes;
    }

    private static byte[] Frame(byte[] body)
    {
        var framed = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(framed, body.Length);
        body.CopyTo(framed.AsSpan(4));
        return framed;
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
        await using var client = new FrontendClient(new ThriftClientOptions("127.0.0.1", Server(mode).Port) { Transport = mode });
        var result = await client.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "still here" }, CancellationToken.None);
        Assert.Equal("still here", result.Token);
    }

    /// <summary>An FE whose getMasterToken answers the user name as the token.</summary>
    private sealed class TokenFrontend : IFrontendService
    {
        public static TGetMasterTokenResult Answer(string? user) => new() { Status = new TStatus { StatusCode = TStatusCode.OK }, Token = user };

        public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Answer(request.User));

        public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
