using System.Security.Cryptography;
using System.Text;
using MiniDoris.MySql;

namespace Syncer.Wire.Tests.MySql;

/// <summary>
/// caching_sha2_password (MySQL 8's default) against a scripted peer, since MariaDB does not implement it.
/// The peer checks the client's proof with its own implementation of the formula.
/// </summary>
public sealed class CachingSha2PasswordTests
{
    private const uint Capabilities =
        0x1 /* LONG_PASSWORD */ | 0x8 /* CONNECT_WITH_DB */ | 0x200 /* PROTOCOL_41 */ | 0x2000 /* TRANSACTIONS */
        | 0x8000 /* SECURE_CONNECTION */ | 0x20000 /* MULTI_RESULTS */ | 0x80000 /* PLUGIN_AUTH */
        | 0x200000 /* PLUGIN_AUTH_LENENC_CLIENT_DATA */;

    private const string Password = "pässword-8";

    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Fast_path_sends_the_sha256_scramble_and_accepts_0x03_then_ok()
    {
        await using var peer = new ScriptedPeer();
        var nonce = Nonce();
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("8.0.36", 77, nonce, Capabilities, "caching_sha2_password"), _ct);
            var response = ScriptedPeer.ParseHandshakeResponse(await peer.ReceiveAsync(1, _ct));
            Assert.Equal("app", response.User);
            Assert.Equal(ExpectedScramble(Password, nonce), response.AuthResponse);
            Assert.EndsWith("caching_sha2_password\0", response.Tail, StringComparison.Ordinal);
            Assert.Equal(0u, response.Capabilities & 0x1000000); // DEPRECATE_EOF was not offered
            await peer.SendAsync(2, [0x01, 0x03], _ct);
            await peer.SendAsync(3, ScriptedPeer.Ok(), _ct);
            await ServeOneQueryAsync(peer);
        }, _ct);

        await using (var connection = await MySqlConnection.OpenAsync(Options(peer.Port, Password), _ct))
        {
            Assert.Equal(77u, connection.ConnectionId);
            Assert.Equal("caching_sha2_password", connection.AuthPlugin);
            var row = (await connection.QueryResultSetAsync("SELECT 'hello'", _ct)).Rows.Single();
            Assert.Equal("hello", row.GetString("greeting"));
        }

        await server;
    }

    [Fact]
    public async Task Full_authentication_sends_the_password_encrypted_with_the_servers_rsa_key()
    {
        await using var peer = new ScriptedPeer();
        var nonce = Nonce();
        using var rsa = RSA.Create(2048);
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("8.0.36", 5, nonce, Capabilities, "caching_sha2_password"), _ct);
            var response = ScriptedPeer.ParseHandshakeResponse(await peer.ReceiveAsync(1, _ct));
            Assert.Equal(ExpectedScramble(Password, nonce), response.AuthResponse);

            // Cache miss: ask for full authentication; without TLS the client must request the public key (0x02).
            await peer.SendAsync(2, [0x01, 0x04], _ct);
            Assert.Equal(new byte[] { 0x02 }, await peer.ReceiveAsync(3, _ct));
            await peer.SendAsync(4, [0x01, .. Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())], _ct);
            var encrypted = await peer.ReceiveAsync(5, _ct);
            var plain = rsa.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
            for (var i = 0; i < plain.Length; i++)
            {
                plain[i] ^= nonce[i % nonce.Length];
            }

            Assert.Equal(Password + "\0", Encoding.UTF8.GetString(plain));
            await peer.SendAsync(6, ScriptedPeer.Ok(), _ct);
            await ServeOneQueryAsync(peer);
        }, _ct);

        await using (var connection = await MySqlConnection.OpenAsync(Options(peer.Port, Password), _ct))
        {
            Assert.Equal("hello", (await connection.QueryResultSetAsync("SELECT 'hello'", _ct)).Rows[0].GetString(0));
        }

        await server;
    }

    [Fact]
    public async Task Rejected_scramble_surfaces_the_servers_error()
    {
        await using var peer = new ScriptedPeer();
        var nonce = Nonce();
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("8.0.36", 6, nonce, Capabilities, "caching_sha2_password"), _ct);
            var response = ScriptedPeer.ParseHandshakeResponse(await peer.ReceiveAsync(1, _ct));
            Assert.NotEqual(ExpectedScramble(Password, nonce), response.AuthResponse);
            await peer.SendAsync(2, ScriptedPeer.Err(1045, "28000", "Access denied for user 'app'@'localhost' (using password: YES)"), _ct);
        }, _ct);

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await MySqlConnection.OpenAsync(Options(peer.Port, "wrong"), _ct));

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        await server;
    }

    [Fact]
    public async Task Empty_password_sends_an_empty_auth_response()
    {
        await using var peer = new ScriptedPeer();
        var nonce = Nonce();
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("8.0.36", 8, nonce, Capabilities, "caching_sha2_password"), _ct);
            var response = ScriptedPeer.ParseHandshakeResponse(await peer.ReceiveAsync(1, _ct));
            Assert.Empty(response.AuthResponse);
            await peer.SendAsync(2, ScriptedPeer.Ok(), _ct);
            await ServeOneQueryAsync(peer);
        }, _ct);

        await using (var connection = await MySqlConnection.OpenAsync(Options(peer.Port, string.Empty), _ct))
        {
            Assert.Equal("hello", (await connection.QueryResultSetAsync("SELECT 'hello'", _ct)).Rows[0].GetString(0));
        }

        await server;
    }

    [Fact]
    public async Task Switch_from_caching_sha2_to_native_password_uses_the_new_nonce()
    {
        await using var peer = new ScriptedPeer();
        var nonce = Nonce();
        var switchNonce = Nonce();
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("8.0.36", 9, nonce, Capabilities, "caching_sha2_password"), _ct);
            await peer.ReceiveAsync(1, _ct);
            await peer.SendAsync(2, [0xFE, .. Encoding.ASCII.GetBytes("mysql_native_password\0"), .. switchNonce, 0], _ct);
            var token = await peer.ReceiveAsync(3, _ct);
            Assert.Equal(ScriptedPeer.NativeToken(Password, switchNonce), token);
            await peer.SendAsync(4, ScriptedPeer.Ok(), _ct);
            await ServeOneQueryAsync(peer);
        }, _ct);

        await using (var connection = await MySqlConnection.OpenAsync(Options(peer.Port, Password), _ct))
        {
            Assert.True(connection.AuthSwitched);
            Assert.Equal("mysql_native_password", connection.AuthPlugin);
            Assert.Equal("hello", (await connection.QueryResultSetAsync("SELECT 'hello'", _ct)).Rows[0].GetString(0));
        }

        await server;
    }

    [Fact]
    public async Task Switch_to_an_unknown_plugin_fails_with_a_clear_error()
    {
        await using var peer = new ScriptedPeer();
        var server = Task.Run(async () =>
        {
            await peer.AcceptAsync(_ct);
            await peer.SendAsync(0, ScriptedPeer.Greeting("10.11.6-MariaDB", 10, Nonce(), Capabilities, "mysql_native_password"), _ct);
            await peer.ReceiveAsync(1, _ct);
            await peer.SendAsync(2, [0xFE, .. Encoding.ASCII.GetBytes("client_ed25519\0"), .. Nonce()], _ct);
        }, _ct);

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await MySqlConnection.OpenAsync(Options(peer.Port, Password), _ct));

        Assert.Equal(MySqlErrorCode.AuthPluginUnsupported, error.ErrorCode);
        Assert.Contains("client_ed25519", error.Message, StringComparison.Ordinal);
        await server;
    }

    private static MySqlConnectionOptions Options(int port, string password) =>
        new() { Host = "127.0.0.1", Port = port, User = "app", Password = password, AllowMultiStatements = false };

    private static byte[] Nonce()
    {
        var nonce = new byte[20];
        for (var i = 0; i < nonce.Length; i++)
        {
            nonce[i] = (byte)RandomNumberGenerator.GetInt32(1, 128);
        }

        return nonce;
    }

    /// <summary>XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + nonce)), written out independently of the library.</summary>
    private static byte[] ExpectedScramble(string password, byte[] nonce)
    {
        var hash1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var hash2 = SHA256.HashData(hash1);
        var hash3 = SHA256.HashData(hash2.Concat(nonce).ToArray());
        return hash1.Zip(hash3, (a, b) => (byte)(a ^ b)).ToArray();
    }

    /// <summary>Answers one COM_QUERY with a one-row result set (EOF-terminated), then expects COM_QUIT.</summary>
    private async Task ServeOneQueryAsync(ScriptedPeer peer)
    {
        var query = await peer.ReceiveAsync(0, _ct);
        Assert.Equal(0x03, query[0]);
        Assert.Equal("SELECT 'hello'", Encoding.UTF8.GetString(query, 1, query.Length - 1));
        await peer.SendAsync(1, [1], _ct);
        await peer.SendAsync(2, ScriptedPeer.Column("greeting"), _ct);
        await peer.SendAsync(3, ScriptedPeer.Eof(), _ct);
        await peer.SendAsync(4, ScriptedPeer.LengthEncoded("hello"), _ct);
        await peer.SendAsync(5, ScriptedPeer.Eof(), _ct);
        Assert.Equal(new byte[] { 0x01 }, await peer.ReceiveAsync(0, _ct));
        Assert.True(await peer.IsClosedByClientAsync(_ct));
    }
}
