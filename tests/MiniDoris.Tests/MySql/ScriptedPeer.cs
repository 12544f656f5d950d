using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniDoris.Tests.MySql;

/// <summary>
/// A hand-written MySQL peer over a real socket, byte by byte and independent of the library's packet code, so
/// tests can script exchanges no available server performs (caching_sha2_password, odd packets).
/// </summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private readonly TcpListener? _listener;
    private TcpClient? _client;
    private NetworkStream? _stream;

    /// <summary>A scripted server: listens on a free loopback port until <see cref="AcceptAsync"/>.</summary>
    public ScriptedPeer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    private ScriptedPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public int Port => ((IPEndPoint)_listener!.LocalEndpoint).Port;

    /// <summary>A scripted client connected to a server.</summary>
    public static async Task<ScriptedPeer> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new ScriptedPeer(client);
    }

    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        _client = await _listener!.AcceptTcpClientAsync(cancellationToken);
        _stream = _client.GetStream();
    }

    /// <summary>Sends one packet with the given sequence id.</summary>
    public async Task SendAsync(byte sequence, byte[] payload, CancellationToken cancellationToken)
    {
        var header = new byte[] { (byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence };
        await _stream!.WriteAsync(header.Concat(payload).ToArray(), cancellationToken);
    }

    /// <summary>Reads one packet and checks its sequence id.</summary>
    public async Task<byte[]> ReceiveAsync(byte expectedSequence, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await _stream!.ReadExactlyAsync(header, cancellationToken);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        Assert.Equal(expectedSequence, header[3]);
        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cancellationToken);
        return payload;
    }

    /// <summary>True when the client closed the connection (after COM_QUIT).</summary>
    public async Task<bool> IsClosedByClientAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1];
        return await _stream!.ReadAsync(buffer, cancellationToken) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _client?.Dispose();
        _listener?.Stop();
        _listener?.Dispose();
    }

    public static byte[] Greeting(string version, uint connectionId, byte[] nonce, uint capabilities, string plugin)
    {
        var bytes = new List<byte> { 10 };
        bytes.AddRange(Encoding.ASCII.GetBytes(version));
        bytes.Add(0);
        bytes.AddRange(LittleEndian(connectionId));
        bytes.AddRange(nonce[..8]);
        bytes.Add(0);
        bytes.AddRange(LittleEndian((ushort)capabilities));
        bytes.Add(255); // utf8mb4_0900_ai_ci, as MySQL 8 announces
        bytes.AddRange(LittleEndian((ushort)2)); // autocommit
        bytes.AddRange(LittleEndian((ushort)(capabilities >> 16)));
        bytes.Add((byte)(nonce.Length + 1));
        bytes.AddRange(new byte[10]);
        bytes.AddRange(nonce[8..]);
        bytes.Add(0);
        bytes.AddRange(Encoding.ASCII.GetBytes(plugin));
        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>OK packet: no rows affected, autocommit.</summary>
    public static byte[] Ok(byte header = 0x00) => [header, 0, 0, 2, 0, 0, 0];

    public static byte[] Err(ushort code, string sqlState, string message) =>
        [0xFF, .. LittleEndian(code), (byte)'#', .. Encoding.ASCII.GetBytes(sqlState), .. Encoding.UTF8.GetBytes(message)];

    public static byte[] Eof() => [0xFE, 0, 0, 2, 0];

    /// <summary>A VAR_STRING utf8mb4 column definition.</summary>
    public static byte[] Column(string name) =>
    [
        .. LengthEncoded("def"), .. LengthEncoded(string.Empty), .. LengthEncoded(string.Empty), .. LengthEncoded(string.Empty),
        .. LengthEncoded(name), .. LengthEncoded(string.Empty), 0x0C, .. LittleEndian((ushort)45), .. LittleEndian(1024u),
        253, 0, 0, 0, 0, 0,
    ];

    public static byte[] LengthEncoded(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length >= 251)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Scripted values are short.");
        }

        return [(byte)bytes.Length, .. bytes];
    }

    /// <summary>Splits a HandshakeResponse41 (with CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) into its fields.</summary>
    public static (uint Capabilities, string User, byte[] AuthResponse, string Tail) ParseHandshakeResponse(byte[] payload)
    {
        var capabilities = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        var offset = 4 + 4 + 1 + 23;
        var userEnd = Array.IndexOf(payload, (byte)0, offset);
        var user = Encoding.UTF8.GetString(payload, offset, userEnd - offset);
        offset = userEnd + 1;
        int authLength = payload[offset++];
        var auth = payload[offset..(offset + authLength)];
        offset += authLength;
        return (capabilities, user, auth, Encoding.UTF8.GetString(payload, offset, payload.Length - offset));
    }

    /// <summary>The 20-byte nonce from a HandshakeV10 payload (8 bytes after the connection id, 12 after the reserved block).</summary>
    public static byte[] NonceFromGreeting(byte[] greeting)
    {
        var offset = Array.IndexOf(greeting, (byte)0, 1) + 1 + 4;
        var part1 = greeting[offset..(offset + 8)];
        offset += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
        return [.. part1, .. greeting[offset..(offset + 12)]];
    }

    /// <summary>A minimal HandshakeResponse41: PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH, utf8mb4.</summary>
    public static byte[] HandshakeResponse(string user, byte[] token)
    {
        const uint capabilities = 0x200 | 0x8000 | 0x80000;
        return
        [
            .. LittleEndian(capabilities), .. LittleEndian(16u * 1024 * 1024), 45, .. new byte[23],
            .. Encoding.UTF8.GetBytes(user), 0, (byte)token.Length, .. token,
            .. Encoding.ASCII.GetBytes("mysql_native_password"), 0,
        ];
    }

    /// <summary>mysql_native_password: XOR(SHA1(pw), SHA1(nonce + SHA1(SHA1(pw)))), written out independently.</summary>
    public static byte[] NativeToken(string password, byte[] nonce)
    {
        var hash1 = System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var hash2 = System.Security.Cryptography.SHA1.HashData(hash1);
        var hash3 = System.Security.Cryptography.SHA1.HashData([.. nonce, .. hash2]);
        return hash1.Zip(hash3, (a, b) => (byte)(a ^ b)).ToArray();
    }

    private static byte[] LittleEndian(ushort value) => [(byte)value, (byte)(value >> 8)];

    private static byte[] LittleEndian(uint value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)];
}
