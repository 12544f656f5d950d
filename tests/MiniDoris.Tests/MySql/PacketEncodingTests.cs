using System.Buffers;
using MiniDoris.MySql;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.Tests.MySql;

/// <summary>The primitive encodings: length-encoded integers and strings, fixed-width integers, NUL-terminated strings.</summary>
public sealed class PacketEncodingTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(250UL, "FA")]
    [InlineData(251UL, "FCFB00")]
    [InlineData(252UL, "FCFC00")]
    [InlineData(0xFFFFUL, "FCFFFF")]
    [InlineData(0x10000UL, "FD000001")]
    [InlineData(0xFFFFFFUL, "FDFFFFFF")]
    [InlineData(0x1000000UL, "FE0000000100000000")]
    [InlineData(0xFFFFFFFFUL, "FEFFFFFFFF00000000")]
    [InlineData(ulong.MaxValue, "FEFFFFFFFFFFFFFFFF")]
    public void Length_encoded_integers_use_the_shortest_form_and_read_back(ulong value, string hex)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.WriteLengthEncodedInteger(value);
        Assert.Equal(hex, Convert.ToHexString(writer.WrittenSpan));

        var reader = new PacketReader(writer.WrittenSpan);
        Assert.Equal(value, reader.ReadLengthEncodedInteger());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("FC01")]
    [InlineData("FD0102")]
    [InlineData("FE01020304050607")]
    [InlineData("")]
    public void Truncated_length_encoded_integers_throw(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Throws<MySqlProtocolException>(() => new PacketReader(bytes).ReadLengthEncodedInteger());
    }

    [Fact]
    public void Null_marker_and_err_marker_are_not_integers()
    {
        Assert.Null(new PacketReader([0xFB]).ReadLengthEncodedIntegerOrNull());
        Assert.Equal(5UL, new PacketReader([0x05]).ReadLengthEncodedIntegerOrNull());
        Assert.Throws<MySqlProtocolException>(() => new PacketReader([0xFB]).ReadLengthEncodedInteger());
        Assert.Throws<MySqlProtocolException>(() => new PacketReader([0xFF]).ReadLengthEncodedInteger());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    [InlineData(251)]
    [InlineData(0xFFFF)]
    [InlineData(0x10000)]
    public void Length_encoded_strings_round_trip_at_prefix_boundaries(int length)
    {
        var text = new string('é', length / 2) + new string('a', length % 2);
        var writer = new ArrayBufferWriter<byte>();
        writer.WriteLengthEncodedString(text);
        writer.WriteNullTerminatedString("数据");
        writer.WriteUInt16(0xBEEF);
        writer.WriteUInt24(0xABCDEF);
        writer.WriteUInt32(0xDEADBEEF);
        writer.WriteUInt64(0x0123456789ABCDEF);

        var reader = new PacketReader(writer.WrittenSpan);
        Assert.Equal(text, reader.ReadLengthEncodedString());
        Assert.Equal("数据", reader.ReadNullTerminatedString());
        Assert.Equal(0xBEEF, reader.ReadUInt16());
        Assert.Equal(0xABCDEFu, reader.ReadUInt24());
        Assert.Equal(0xDEADBEEFu, reader.ReadUInt32());
        Assert.Equal(0x0123456789ABCDEFUL, reader.ReadUInt64());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Reads_past_the_end_or_without_terminator_throw()
    {
        Assert.Throws<MySqlProtocolException>(() => new PacketReader([0x03, (byte)'a']).ReadLengthEncodedString());
        Assert.Throws<MySqlProtocolException>(() => new PacketReader("abc"u8).ReadNullTerminatedString());
        Assert.Throws<MySqlProtocolException>(() => new PacketReader([1, 2, 3]).ReadUInt32());
        var lenient = new PacketReader("plugin"u8);
        Assert.Equal("plugin"u8.ToArray(), lenient.ReadNullTerminatedOrRemainingBytes().ToArray());
    }

    [Fact]
    public void Text_rows_locate_values_and_nulls()
    {
        var writer = new ArrayBufferWriter<byte>();
        TextRowPacket.Write(writer, ["a", null, string.Empty, "数据"]);
        Assert.Equal("0161FB0006E695B0E68DAE", Convert.ToHexString(writer.WrittenSpan));

        var offsets = new int[4];
        var lengths = new int[4];
        TextRowPacket.Parse(writer.WrittenSpan, offsets, lengths);
        Assert.Equal([1, -1, 4, 5], offsets);
        Assert.Equal([1, 0, 0, 6], lengths);

        Assert.Throws<MySqlProtocolException>(() => TextRowPacket.Parse(writer.WrittenSpan, new int[5], new int[5]));
        Assert.Throws<MySqlProtocolException>(() => TextRowPacket.Parse(writer.WrittenSpan, new int[3], new int[3]));
    }
}
