using System.Buffers;
using Syncer.Wire.Thrift;
using Syncer.Wire.Thrift.Protocol;
using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Wire.Tests.Thrift;

public class BinaryProtocolTests
{
    private static AllTypes Sample() => new()
    {
        Flag = true,
        Tiny = -5,
        Small = -300,
        Number = int.MinValue,
        Big = long.MaxValue,
        Real = -1.5e300,
        Text = "数据 ✓ `x`",
        Blob = [0, 1, 0xff, 0x80],
        Color = Color.Green,
        Inner = new Inner { Id = 7, Label = "seven" },
        List = [new Inner { Id = 1 }, new Inner { Id = 2, Label = "" }],
        Set = [3, 1, 2],
        Map = new() { ["a"] = [1, 2], ["b"] = [] },
        RequiredNumber = 0,
        Nested = [["x"], [], ["y", "z"]],
    };

    [Fact]
    public void EveryTypeRoundTrips()
    {
        var bytes = ThriftSerializer.Serialize(Sample());
        var back = ThriftSerializer.Deserialize<AllTypes>(bytes);

        Assert.True(back.Flag);
        Assert.Equal((sbyte)-5, back.Tiny);
        Assert.Equal((short)-300, back.Small);
        Assert.Equal(int.MinValue, back.Number);
        Assert.Equal(long.MaxValue, back.Big);
        Assert.Equal(-1.5e300, back.Real);
        Assert.Equal("数据 ✓ `x`", back.Text);
        Assert.Equal(new byte[] { 0, 1, 0xff, 0x80 }, back.Blob);
        Assert.Equal(Color.Green, back.Color);
        Assert.Equal("seven", back.Inner!.Label);
        Assert.Equal([1L, 2L], back.List!.Select(i => i.Id));
        Assert.Null(back.List![0].Label);
        Assert.Equal("", back.List![1].Label);
        Assert.Equal(new HashSet<long> { 1, 2, 3 }, back.Set);
        Assert.Equal([1, 2], back.Map!["a"]);
        Assert.Empty(back.Map!["b"]);
        Assert.Equal(["y", "z"], back.Nested![2]);
        Assert.Equal(bytes, ThriftSerializer.Serialize(back));
    }

    [Fact]
    public void EncodingIsBigEndianInFieldIdOrder()
    {
        var bytes = ThriftSerializer.Serialize(new AllTypes { Big = 1, Number = 2 });

        // i32 field 4, then i64 field 5, then required field 14 (always written), then STOP.
        Assert.Equal(
            "08000400000002" + "0a00050000000000000001" + "08000e00000000" + "00",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void UnsetOptionalFieldsAreNotWritten()
    {
        var bytes = ThriftSerializer.Serialize(new AllTypes());

        Assert.Equal("08000e0000000000", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void UnknownFieldsAndFieldsOfAnotherTypeAreSkipped()
    {
        var bytes = ThriftSerializer.Serialize(Sample());

        var old = ThriftSerializer.Deserialize<OldAllTypes>(bytes);

        Assert.Equal(int.MinValue, old.Number);
        Assert.Null(old.TextAsNumber);
    }

    [Fact]
    public void TruncatedInputIsAProtocolError()
    {
        var bytes = ThriftSerializer.Serialize(Sample());

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<ThriftProtocolException>(() => ThriftSerializer.Deserialize<AllTypes>(prefix));
        }
    }

    [Fact]
    public void NegativeLengthsAndOversizedCountsAreRejected()
    {
        // field 7 (string) with length -1
        Assert.Throws<ThriftProtocolException>(() => ThriftSerializer.Deserialize<AllTypes>(Convert.FromHexString("0b0007ffffffff00")));
        // field 11 (list of structs) claiming 2^30 elements in a 9-byte message
        Assert.Throws<ThriftProtocolException>(() => ThriftSerializer.Deserialize<AllTypes>(Convert.FromHexString("0f000b0c4000000000")));
    }

    [Fact]
    public void SkippingHostileNestingStopsAtTheDepthLimit()
    {
        // An unknown field 99 holding 100 nested lists: skip must refuse rather than recurse without bound.
        var output = new ArrayBufferWriter<byte>();
        var writer = new TBinaryWriter(output);
        writer.WriteFieldBegin(TType.List, 99);
        for (var i = 0; i < 100; i++)
        {
            writer.WriteListBegin(TType.List, 1);
        }

        Assert.Throws<ThriftProtocolException>(() => ThriftSerializer.Deserialize<AllTypes>(output.WrittenSpan));
    }

    [Fact]
    public void RecursiveStructTypesAreSupported()
    {
        var value = new Recursive { Child = new Recursive { Child = new Recursive() } };

        var back = ThriftSerializer.Deserialize<Recursive>(ThriftSerializer.Serialize(value));

        Assert.NotNull(back.Child?.Child);
        Assert.Null(back.Child!.Child!.Child);
    }

    [Fact]
    public void OldStyleMessageHeaderIsAccepted()
    {
        // Non-strict header: name length, name, type byte, seqid.
        var bytes = Convert.FromHexString("00000004" + "70696e67" + "01" + "0000002a" + "00");
        var reader = new TBinaryReader(bytes);

        var header = reader.ReadMessageBegin();

        Assert.Equal(new TMessageHeader("ping", TMessageType.Call, 42), header);
    }

    [Fact]
    public void UnknownProtocolVersionIsRejected()
    {
        var bytes = Convert.FromHexString("80020001" + "00000000" + "00000001" + "00");

        Assert.Throws<ThriftProtocolException>(() => new TBinaryReader(bytes).ReadMessageBegin());
    }
}
