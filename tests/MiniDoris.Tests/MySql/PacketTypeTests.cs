using System.Buffers;
using MiniDoris.MySql;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.Tests.MySql;

/// <summary>Each packet type writes what it reads.</summary>
public sealed class PacketTypeTests
{
    [Fact]
    public void Handshake_v10_round_trips_and_trims_the_nonce_terminator()
    {
        var nonce = "abcdefghijklmnopqrst"u8.ToArray();
        var packet = new HandshakeV10Packet("5.7.99", 1234, nonce,
            CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth | CapabilityFlags.DeprecateEof,
            33, MySqlServerStatus.AutoCommit, "mysql_native_password");
        var writer = new ArrayBufferWriter<byte>();
        packet.Write(writer);

        var parsed = HandshakeV10Packet.Parse(writer.WrittenSpan);
        Assert.Equal(packet with { AuthPluginData = parsed.AuthPluginData }, parsed);
        Assert.Equal(nonce, parsed.AuthPluginData);
    }

    [Fact]
    public void Handshake_response_round_trips_with_database_and_plugin()
    {
        var packet = new HandshakeResponse41Packet(
            CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth
            | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.ConnectWithDb,
            1 << 24, 45, "用户", [1, 2, 3], "db", "mysql_native_password");
        var writer = new ArrayBufferWriter<byte>();
        packet.Write(writer);

        var parsed = HandshakeResponse41Packet.Parse(writer.WrittenSpan);
        Assert.Equal(packet with { AuthResponse = parsed.AuthResponse }, parsed);
        Assert.Equal([1, 2, 3], parsed.AuthResponse);
        Assert.False(HandshakeResponse41Packet.IsSslRequest(writer.WrittenSpan));
    }

    [Fact]
    public void Ok_packet_info_is_length_prefixed_as_servers_send_it()
    {
        var writer = new ArrayBufferWriter<byte>();
        new OkPacket(1, 0, MySqlServerStatus.AutoCommit, 0, "{'label':'l1', 'status':'VISIBLE', 'txnId':'7'}").Write(writer);

        // header, affected rows, last insert id, status (2), warnings (2), then lenenc length 47 and the text.
        Assert.Equal("00010002000000" + "2f", Convert.ToHexStringLower(writer.WrittenSpan[..8]));
    }

    [Fact]
    public void Ok_packet_info_running_to_the_end_is_still_read()
    {
        var payload = Convert.FromHexString("0001000200000052" + Convert.ToHexString("ecords: 2  Duplicates: 0  Warnings: 0"u8));

        var ok = OkPacket.Parse(payload, CapabilityFlags.Protocol41);

        Assert.Equal("Records: 2  Duplicates: 0  Warnings: 0", ok.Info);
    }

    [Fact]
    public void Ok_packet_info_with_a_truncated_length_prefix_is_read_as_text()
    {
        // 0xFC announces a 2-byte length but only one byte follows.
        var payload = Convert.FromHexString("0001000200000" + "0fc41");

        var ok = OkPacket.Parse(payload, CapabilityFlags.Protocol41);

        Assert.Equal("\uFFFDA", ok.Info);
    }

    [Fact]
    public void Ok_err_and_eof_packets_round_trip()
    {
        var ok = new OkPacket(300, 70000, MySqlServerStatus.AutoCommit | MySqlServerStatus.MoreResultsExist, 2, "Rows matched: 1");
        var writer = new ArrayBufferWriter<byte>();
        ok.Write(writer);
        Assert.True(OkPacket.IsOk(writer.WrittenSpan));
        Assert.Equal(ok, OkPacket.Parse(writer.WrittenSpan, CapabilityFlags.Protocol41));

        writer.ResetWrittenCount();
        ok.WriteAsResultSetEnd(writer);
        Assert.True(OkPacket.IsResultSetTerminator(writer.WrittenSpan));
        Assert.Equal(ok, OkPacket.Parse(writer.WrittenSpan, CapabilityFlags.Protocol41));

        writer.ResetWrittenCount();
        new ErrPacket(1146, "42S02", "Table 'x.y' doesn't exist").Write(writer);
        Assert.Equal(new ErrPacket(1146, "42S02", "Table 'x.y' doesn't exist"), ErrPacket.Parse(writer.WrittenSpan));

        writer.ResetWrittenCount();
        new EofPacket(3, MySqlServerStatus.AutoCommit).Write(writer);
        Assert.True(EofPacket.IsEof(writer.WrittenSpan));
        Assert.Equal(new EofPacket(3, MySqlServerStatus.AutoCommit), EofPacket.Parse(writer.WrittenSpan));
    }

    [Fact]
    public void Err_packet_without_sql_state_marker_defaults_to_hy000()
    {
        // Sent before the handshake completes, e.g. "Too many connections".
        byte[] payload = [0xFF, 0x10, 0x04, .. "Too many connections"u8];
        var error = ErrPacket.Parse(payload);
        Assert.Equal(new ErrPacket(1040, "HY000", "Too many connections"), error);
    }

    [Fact]
    public void Column_definition_round_trips_and_fills_defaults()
    {
        var column = new MySqlColumn("名字", MySqlColumnType.VarString)
        {
            Schema = "db", Table = "t", OriginalTable = "t0", OriginalName = "name0", Flags = MySqlColumnFlags.NotNull,
        };
        var writer = new ArrayBufferWriter<byte>();
        ColumnDefinitionPacket.Write(writer, column);

        var parsed = ColumnDefinitionPacket.Parse(writer.WrittenSpan);
        // An unset length becomes the type's display width: for a string, 65533 characters of 3-byte utf8 (as Doris reports VARCHAR).
        Assert.Equal(column with { CharacterSet = 33, ColumnLength = 65_533 * 3 }, parsed);

        writer.ResetWrittenCount();
        ColumnDefinitionPacket.Write(writer, new MySqlColumn("n", MySqlColumnType.LongLong) { Flags = MySqlColumnFlags.Unsigned });
        var number = ColumnDefinitionPacket.Parse(writer.WrittenSpan);
        Assert.Equal((63, 20u), (number.CharacterSet, number.ColumnLength));
        Assert.Equal(MySqlColumnFlags.Unsigned | MySqlColumnFlags.Number, number.Flags);
    }

    [Fact]
    public void Auth_switch_request_round_trips()
    {
        var nonce = "01234567890123456789"u8.ToArray();
        var writer = new ArrayBufferWriter<byte>();
        new AuthSwitchRequestPacket("mysql_native_password", nonce).Write(writer);

        var parsed = AuthSwitchRequestPacket.Parse(writer.WrittenSpan);
        Assert.Equal("mysql_native_password", parsed.PluginName);
        Assert.Equal(nonce, parsed.PluginData);
        Assert.Throws<MySqlException>(() => AuthSwitchRequestPacket.Parse([0xFE]));
    }
}
