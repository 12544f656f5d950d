using System.Buffers;
using Syncer.Wire.Thrift;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Tests.Thrift;

public class MessageScannerTests
{
    private static byte[] Message(AllTypes body, string method = "getBinlog")
    {
        var output = new ArrayBufferWriter<byte>();
        ThriftMessageCodec.WriteCall(output, method, 9, body);
        return output.WrittenSpan.ToArray();
    }

    private static AllTypes Body() => new()
    {
        Text = "hello",
        Blob = new byte[1000],
        List = [new Inner { Id = 1, Label = "a" }, new Inner { Id = 2 }],
        Map = new() { ["k"] = [1, 2, 3] },
        Set = [5],
        Nested = [["a", "b"]],
    };

    [Fact]
    public void FindsTheEndOfACompleteMessage()
    {
        var message = Message(Body());
        var withTrailer = message.Concat(new byte[] { 0x80, 0x01 }).ToArray();

        Assert.True(new TBinaryMessageScanner().TryComplete(withTrailer, out var length, out _));
        Assert.Equal(message.Length, length);
    }

    [Fact]
    public void ResumesAcrossByteByByteArrivals()
    {
        var message = Message(Body());
        var scanner = new TBinaryMessageScanner();

        for (var available = 0; available < message.Length; available++)
        {
            Assert.False(scanner.TryComplete(message.AsSpan(0, available), out _, out var needed));
            Assert.True(needed > available, $"needed {needed} at {available}");
        }

        Assert.True(scanner.TryComplete(message, out var length, out _));
        Assert.Equal(message.Length, length);
    }

    [Fact]
    public void ReportsTheWholeLengthOfALargeStringAtOnce()
    {
        var message = Message(new AllTypes { Blob = new byte[5_000_000] });
        var scanner = new TBinaryMessageScanner();

        // Once the string's length prefix is visible, the scanner asks for all of it in one step.
        Assert.False(scanner.TryComplete(message.AsSpan(0, 40), out _, out var needed));
        Assert.True(needed > 5_000_000);
    }

    [Fact]
    public void RejectsAMalformedHeader()
    {
        var scanner = new TBinaryMessageScanner();

        Assert.Throws<ThriftProtocolException>(() => scanner.TryComplete(Convert.FromHexString("80ff000100000000"), out _, out _));
    }

    [Fact]
    public void RejectsAnUnknownTypeId()
    {
        var scanner = new TBinaryMessageScanner();
        var message = Convert.FromHexString("80010001" + "00000001" + "61" + "00000001" + "1d0001");

        Assert.Throws<ThriftProtocolException>(() => scanner.TryComplete(message, out _, out _));
    }
}
