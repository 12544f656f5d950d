using MiniDoris.MySql;

namespace Syncer.Wire.Tests.MySql;

/// <summary>Our client against a scripted server sending malformed or unsolicited packets no real server sends on demand.</summary>
public sealed class MySqlClientScriptedTests
{
    private const uint Capabilities =
        0x1 /* LONG_PASSWORD */ | 0x200 /* PROTOCOL_41 */ | 0x2000 /* TRANSACTIONS */ | 0x8000 /* SECURE_CONNECTION */
        | 0x20000 /* MULTI_RESULTS */ | 0x80000 /* PLUGIN_AUTH */ | 0x200000 /* PLUGIN_AUTH_LENENC_CLIENT_DATA */;

    private const string Password = "pw";

    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Empty_packet_during_authentication_is_a_protocol_error()
    {
        await using var peer = new ScriptedPeer();
        var server = Task.Run(async () =>
        {
            await LoginUntilResponseAsync(peer);
            await peer.SendAsync(2, [], _ct);
        }, _ct);

        var error = await Assert.ThrowsAsync<MySqlProtocolException>(async () => await MySqlConnection.OpenAsync(Options(peer.Port), _ct));
        Assert.Contains("empty packet", error.Message, StringComparison.Ordinal);
        await server;
    }

    [Fact]
    public async Task Truncated_out_of_sequence_err_during_a_query_breaks_the_connection()
    {
        await using var peer = new ScriptedPeer();
        var server = Task.Run(async () =>
        {
            await LoginAsync(peer);
            await peer.ReceiveAsync(0, _ct);
            await peer.SendAsync(5, [0xFF], _ct);
        }, _ct);

        await using var connection = await MySqlConnection.OpenAsync(Options(peer.Port), _ct);
        await Assert.ThrowsAnyAsync<MySqlConnectionException>(async () => await connection.QueryAsync("SELECT 1", _ct));
        Assert.True(connection.IsBroken);
        await server;
    }

    [Fact]
    public async Task Truncated_err_sent_while_idle_breaks_the_connection()
    {
        await using var peer = new ScriptedPeer();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Task.Run(async () =>
        {
            await LoginAsync(peer);
            await peer.SendAsync(5, [0xFF, 0x01], _ct);
            sent.SetResult();
        }, _ct);

        await using var connection = await MySqlConnection.OpenAsync(Options(peer.Port), _ct);
        await sent.Task.WaitAsync(_ct);
        await Assert.ThrowsAnyAsync<MySqlConnectionException>(async () => await connection.QueryAsync("SELECT 1", _ct));
        Assert.True(connection.IsBroken);
        await server;
    }

    [Fact]
    public async Task Truncated_ok_packet_is_a_protocol_error_not_a_wait_for_a_result_set()
    {
        await using var peer = new ScriptedPeer();
        var server = Task.Run(async () =>
        {
            await LoginAsync(peer);
            await peer.ReceiveAsync(0, _ct);
            await peer.SendAsync(1, [0x00], _ct);
        }, _ct);

        await using var connection = await MySqlConnection.OpenAsync(Options(peer.Port) with { ReadTimeout = TimeSpan.FromSeconds(20) }, _ct);
        await Assert.ThrowsAsync<MySqlProtocolException>(async () => await connection.QueryAsync("SELECT 1", _ct));
        Assert.True(connection.IsBroken);
        await server;
    }

    private static MySqlConnectionOptions Options(int port) =>
        new() { Host = "127.0.0.1", Port = port, User = "app", Password = Password };

    private async Task<byte[]> LoginUntilResponseAsync(ScriptedPeer peer)
    {
        var nonce = "abcdefghijklmnopqrst"u8.ToArray();
        await peer.AcceptAsync(_ct);
        await peer.SendAsync(0, ScriptedPeer.Greeting("5.7.99", 9, nonce, Capabilities, "mysql_native_password"), _ct);
        var response = ScriptedPeer.ParseHandshakeResponse(await peer.ReceiveAsync(1, _ct));
        Assert.Equal(ScriptedPeer.NativeToken(Password, nonce), response.AuthResponse);
        return nonce;
    }

    private async Task LoginAsync(ScriptedPeer peer)
    {
        await LoginUntilResponseAsync(peer);
        await peer.SendAsync(2, ScriptedPeer.Ok(), _ct);
    }
}
