using MiniDoris.MySql;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.Tests.MySql;

/// <summary>Packet framing: splitting at 0xFFFFFF bytes, reassembly, sequence ids.</summary>
public sealed class PacketChannelTests
{
    private const int Max = 0xFF_FFFF;

    [Theory]
    [InlineData(0, new[] { 0 })]
    [InlineData(1, new[] { 1 })]
    [InlineData(Max - 1, new[] { Max - 1 })]
    [InlineData(Max, new[] { Max, 0 })]
    [InlineData(Max + 1, new[] { Max, 1 })]
    [InlineData(2 * Max, new[] { Max, Max, 0 })]
    [InlineData((2 * Max) + 5, new[] { Max, Max, 5 })]
    public async Task Payloads_are_split_at_0xFFFFFF_and_reassembled(int length, int[] packetLengths)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var wire = new MemoryStream();
        using (var writer = new PacketChannel(new NonClosingStream(wire)))
        {
            writer.WritePayload(payload);
            writer.WritePayload([0xAB]);
            await writer.FlushAsync(CancellationToken.None);
        }

        // Check the framing byte by byte: lengths and consecutive sequence ids.
        var bytes = wire.ToArray();
        var offset = 0;
        var sequence = 0;
        foreach (var expected in packetLengths.Append(1))
        {
            var actual = bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
            Assert.Equal(expected, actual);
            Assert.Equal(sequence++, bytes[offset + 3]);
            offset += 4 + actual;
        }

        Assert.Equal(bytes.Length, offset);

        // Read back through a stream that hands out a few bytes at a time.
        using var reader = new PacketChannel(new TrickleStream(bytes, 7_777));
        Assert.Equal(payload, (await reader.ReadPayloadAsync(CancellationToken.None)).ToArray());
        Assert.Equal(new byte[] { 0xAB }, (await reader.ReadPayloadAsync(CancellationToken.None)).ToArray());
        Assert.Equal(packetLengths.Length + 1, reader.SequenceId);
    }

    [Fact]
    public async Task Sequence_ids_wrap_and_reset_per_command()
    {
        var wire = new MemoryStream();
        using (var writer = new PacketChannel(new NonClosingStream(wire)))
        {
            for (var i = 0; i < 300; i++)
            {
                writer.WritePayload([(byte)i]);
            }

            writer.ResetSequence();
            writer.WritePayload([42]);
            await writer.FlushAsync(CancellationToken.None);
        }

        using var reader = new PacketChannel(new TrickleStream(wire.ToArray(), 3));
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal((byte)i, (await reader.ReadPayloadAsync(CancellationToken.None)).Span[0]);
        }

        Assert.Equal(300 % 256, reader.SequenceId);
        reader.ResetSequence();
        Assert.Equal(42, (await reader.ReadPayloadAsync(CancellationToken.None)).Span[0]);
    }

    [Fact]
    public async Task Out_of_order_packet_is_rejected_with_its_payload()
    {
        byte[] wire = [3, 0, 0, 5, 0xFF, 0x01, 0x02];
        using var reader = new PacketChannel(new MemoryStream(wire));

        var error = await Assert.ThrowsAsync<PacketOutOfOrderException>(async () => await reader.ReadPayloadAsync(CancellationToken.None));

        Assert.Equal((0, 5), (error.Expected, error.Actual));
        Assert.Equal(new byte[] { 0xFF, 0x01, 0x02 }, error.Payload);
    }

    [Fact]
    public async Task End_of_stream_mid_packet_throws()
    {
        using var reader = new PacketChannel(new MemoryStream([10, 0, 0, 0, 1, 2]));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadPayloadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Payload_over_the_limit_is_rejected()
    {
        var wire = new MemoryStream();
        using (var writer = new PacketChannel(new NonClosingStream(wire)))
        {
            writer.WritePayload(new byte[Max + 10]);
            await writer.FlushAsync(CancellationToken.None);
        }

        using var reader = new PacketChannel(new MemoryStream(wire.ToArray()), maxPayloadLength: Max);
        await Assert.ThrowsAsync<PayloadTooLargeException>(async () => await reader.ReadPayloadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Single_packet_over_a_small_limit_is_rejected()
    {
        var wire = new MemoryStream();
        using (var writer = new PacketChannel(new NonClosingStream(wire)))
        {
            writer.WritePayload(new byte[1000]);
            writer.ResetSequence();
            writer.WritePayload(new byte[1001]);
            await writer.FlushAsync(CancellationToken.None);
        }

        using var reader = new PacketChannel(new MemoryStream(wire.ToArray()), maxPayloadLength: 1000);
        Assert.Equal(1000, (await reader.ReadPayloadAsync(CancellationToken.None)).Length);
        reader.ResetSequence();
        await Assert.ThrowsAsync<PayloadTooLargeException>(async () => await reader.ReadPayloadAsync(CancellationToken.None));
    }

    /// <summary>Returns at most a few bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    /// <summary>Keeps the underlying MemoryStream readable after the channel disposes its stream.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);
    }
}
