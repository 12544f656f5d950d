using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MiniDoris.MySql;
using Syncer.TestSupport;
using Syncer.TestSupport.Sql;

namespace MiniDoris.Tests.OutOfProcess;

/// <summary>One minidoris process shared by the malformed-input cases, so a crash in one case shows in the next.</summary>
public sealed class MalformedInputProcess : IAsyncLifetime
{
    public MiniDorisProcess Process { get; private set; } = null!;

    public async Task InitializeAsync() => Process = await MiniDorisProcess.StartAsync();

    public async Task DisposeAsync() => await Process.DisposeAsync();
}

/// <summary>
/// Bytes no real client sends, written straight onto minidoris's MySQL port: each case must end in an ERR packet or a
/// closed connection, never a hang, and the process must keep serving other clients afterwards.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MalformedMySqlInputTests(MalformedInputProcess fixture) : IClassFixture<MalformedInputProcess>
{
    // Capability bits (MySQL protocol) used to build handshake responses by hand.
    private const uint LongPassword = 0x1;
    private const uint Protocol41 = 0x200;
    private const uint Ssl = 0x800;
    private const uint SecureConnection = 0x8000;
    private const uint PluginAuth = 0x80000;
    private const int MaxPacket = 0xFFFFFF;

    // A hang guard, not a timing claim: every case ends at once when the server behaves; this only turns a hang into
    // a failure instead of a stuck run. The server's own handshake timeout (10 s) is shorter only for cases that
    // stop mid-packet, and those half-close the socket so the server sees the end at once.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private MiniDorisProcess Md => fixture.Process;

    [Fact]
    public async Task Garbage_instead_of_a_handshake_response_closes_the_connection()
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        var garbage = new byte[200];
        new Random(7).NextBytes(garbage);
        await peer.SendPacketAsync(1, garbage);
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task Unframed_garbage_followed_by_a_half_close_closes_the_connection()
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        // "GET / HTTP/1.1" read as a MySQL header declares a 5.4 MB packet that never comes.
        await peer.SendRawAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        peer.HalfClose();
        await AssertEndsAsync(peer, allowError: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(33)]
    public async Task A_truncated_handshake_response_closes_the_connection(int keep)
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        var full = HandshakeResponse(Protocol41 | SecureConnection | PluginAuth | LongPassword, "root");
        await peer.SendPacketAsync(1, full[..keep]);
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task A_handshake_response_cut_inside_its_frame_closes_the_connection()
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        var full = HandshakeResponse(Protocol41 | SecureConnection | PluginAuth | LongPassword, "root");
        // The header promises the whole response; only half follows, then the client stops sending.
        await peer.SendRawAsync([.. Header(full.Length, 1), .. full[..(full.Length / 2)]]);
        peer.HalfClose();
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task An_ssl_request_is_refused_with_doris_handshake_error()
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        var request = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(request, Protocol41 | SecureConnection | Ssl);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), MaxPacket);
        request[8] = 33;
        await peer.SendPacketAsync(1, request);

        var (error, message) = await peer.ReadErrorAsync(HangGuard);
        Assert.Equal(1043, error);
        Assert.Equal("Bad handshake: SSL is not supported by this server", message);
        await AssertEndsAsync(peer, allowError: false);
    }

    [Fact]
    public async Task A_pre_41_client_is_not_let_in()
    {
        await using var peer = await RawPeer.ConnectAsync(Md.QueryPort);
        // The 3.23/4.0 handshake: 2-byte capabilities, 3-byte max packet, user, then the scrambled password.
        byte[] old = [0x05, 0x00, 0xFF, 0xFF, 0xFF, .. "root\0"u8];
        await peer.SendPacketAsync(1, old);
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task An_empty_command_packet_closes_the_session()
    {
        await using var peer = await RawPeer.LoginAsync(Md.QueryPort);
        await peer.SendPacketAsync(0, []);
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_and_the_session_goes_on()
    {
        await using var peer = await RawPeer.LoginAsync(Md.QueryPort);
        await peer.SendPacketAsync(0, [0xEE, 1, 2, 3]);
        var (error, message) = await peer.ReadErrorAsync(HangGuard);
        Assert.Equal((MySqlErrorCode.UnknownCommand, "Unknown command"), (error, message));

        await peer.SendPacketAsync(0, [0x0E]); // COM_PING
        var ok = await peer.ReadPacketAsync(HangGuard);
        Assert.NotNull(ok);
        Assert.Equal(0x00, ok.Value.Payload[0]);
    }

    [Fact]
    public async Task A_command_after_com_quit_is_never_answered()
    {
        await using var peer = await RawPeer.LoginAsync(Md.QueryPort);
        // COM_QUIT and a query in one write: the server must stop at the quit.
        await peer.SendRawAsync([.. Header(1, 0), 0x01, .. Header(9, 0), 0x03, .. "SELECT 1"u8]);
        await AssertEndsAsync(peer, allowError: false);
    }

    [Fact]
    public async Task A_16_mib_payload_whose_continuation_has_the_wrong_sequence_id_closes_the_session()
    {
        await using var peer = await RawPeer.LoginAsync(Md.QueryPort);
        var first = new byte[MaxPacket];
        first[0] = 0x03; // COM_QUERY
        first.AsSpan(1).Fill((byte)' ');
        // A full first packet (seq 0) says "more follows"; the continuation must be seq 1, this one claims 7.
        await peer.SendRawAsync([.. Header(MaxPacket, 0), .. first, .. Header(8, 7), .. "SELECT 1"u8]);
        await AssertEndsAsync(peer, allowError: true);
    }

    [Fact]
    public async Task A_16_mib_payload_without_its_continuation_closes_the_session()
    {
        await using var peer = await RawPeer.LoginAsync(Md.QueryPort);
        var first = new byte[MaxPacket];
        first[0] = 0x03;
        first.AsSpan(1).Fill((byte)' ');
        await peer.SendRawAsync([.. Header(MaxPacket, 0), .. first]);
        peer.HalfClose();
        await AssertEndsAsync(peer, allowError: true);
    }

    /// <summary>Reads until the server ends the connection; an ERR packet first is allowed when the case permits one.</summary>
    private async Task AssertEndsAsync(RawPeer peer, bool allowError)
    {
        while (true)
        {
            var packet = await peer.ReadPacketAsync(HangGuard);
            if (packet is null)
            {
                break;
            }

            Assert.True(allowError && packet.Value.Payload.Length > 0 && packet.Value.Payload[0] == 0xFF,
                $"the server answered 0x{(packet.Value.Payload.Length > 0 ? packet.Value.Payload[0] : 0):X2} ({packet.Value.Payload.Length} bytes) instead of closing");
            allowError = false;
        }

        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        Assert.False(Md.HasExited, $"minidoris exited: {Md.StandardError}");
        await using var client = await DorisSqlClient.OpenAsync(Md.QueryPort);
        Assert.Equal("1", (await client.QueryResultSetAsync("SELECT 1", CancellationToken.None)).Rows.Single().GetString(0));
    }

    private static byte[] Header(int length, byte sequence) =>
        [(byte)length, (byte)(length >> 8), (byte)(length >> 16), sequence];

    private static byte[] HandshakeResponse(uint capabilities, string user)
    {
        var payload = new List<byte>();
        Span<byte> fixedPart = stackalloc byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[4..], MaxPacket);
        fixedPart[8] = 33;
        payload.AddRange(fixedPart.ToArray());
        payload.AddRange(Encoding.UTF8.GetBytes(user));
        payload.Add(0);
        payload.Add(0); // empty auth response (root has no password)
        if ((capabilities & PluginAuth) != 0)
        {
            payload.AddRange("mysql_native_password\0"u8.ToArray());
        }

        return [.. payload];
    }

    /// <summary>A hand-driven MySQL client socket: raw bytes out, packets in.</summary>
    private sealed class RawPeer : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;

        private RawPeer(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: false);
        }

        public static async Task<RawPeer> ConnectAsync(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var peer = new RawPeer(socket);
            var greeting = await peer.ReadPacketAsync(HangGuard);
            Assert.True(greeting is { Payload: [0x0A, ..] }, "expected the v10 greeting");
            return peer;
        }

        public static async Task<RawPeer> LoginAsync(int port)
        {
            var peer = await ConnectAsync(port);
            await peer.SendPacketAsync(1, HandshakeResponse(Protocol41 | SecureConnection | PluginAuth | LongPassword, "root"));
            var ok = await peer.ReadPacketAsync(HangGuard);
            Assert.True(ok is { Payload: [0x00, ..] }, "expected OK to the login");
            return peer;
        }

        public Task SendPacketAsync(byte sequence, byte[] payload) => SendRawAsync([.. Header(payload.Length, sequence), .. payload]);

        public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

        public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

        /// <summary>The next packet, or null when the server closed (or reset) the connection.</summary>
        public async Task<(byte Sequence, byte[] Payload)?> ReadPacketAsync(TimeSpan hangGuard)
        {
            using var guard = new CancellationTokenSource(hangGuard);
            try
            {
                var header = new byte[4];
                if (!await ReadExactlyOrEndAsync(header, guard.Token))
                {
                    return null;
                }

                var payload = new byte[header[0] | (header[1] << 8) | (header[2] << 16)];
                return await ReadExactlyOrEndAsync(payload, guard.Token) ? (header[3], payload) : null;
            }
            catch (IOException e) when (e.InnerException is SocketException)
            {
                return null; // reset: the server dropped the connection with data unread, which counts as closing it
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"the server neither answered nor closed the connection within {hangGuard}");
            }
        }

        public async Task<(int Code, string Message)> ReadErrorAsync(TimeSpan hangGuard)
        {
            var packet = await ReadPacketAsync(hangGuard);
            Assert.True(packet is { Payload: [0xFF, ..] }, "expected an ERR packet");
            var payload = packet.Value.Payload;
            var code = BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(1));
            // ERR: 0xFF, code, '#', 5-byte SQLSTATE, message.
            return (code, Encoding.UTF8.GetString(payload.AsSpan(payload[3] == (byte)'#' ? 9 : 3)));
        }

        private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _socket.Dispose();
        }
    }
}
