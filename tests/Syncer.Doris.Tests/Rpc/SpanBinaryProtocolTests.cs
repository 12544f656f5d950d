using System.Text.Json.Nodes;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace Syncer.Doris.Tests.Rpc;

/// <summary>
/// <see cref="SpanBinaryProtocol"/> over <see cref="SpanBufferedTransport"/> must be Apache Thrift's TBinaryProtocol
/// byte for byte: every golden vector decodes through it and re-encodes to the same bytes, whether the socket delivers
/// the bytes all at once or a few at a time (so every field also takes the awaited path across a read boundary), and
/// the message size limit holds as Apache Thrift's transports enforce it.
/// </summary>
public class SpanBinaryProtocolTests
{
    public static TheoryData<string, int> CasesAndChunks()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in GoldenVectors.Cases)
        {
            // 1, 2, 3 and 7 bytes per socket read put a read boundary inside every kind of value; 4096 is whole structs.
            foreach (var chunk in new[] { 1, 2, 3, 7, 4096 })
            {
                data.Add(c!["name"]!.GetValue<string>(), chunk);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndChunks))]
    public async Task Golden_vector_decodes_and_reencodes_byte_identically(string caseName, int bytesPerRead)
    {
        var vector = GoldenVectors.Cases.Single(c => c!["name"]!.GetValue<string>() == caseName)!;
        var hex = vector["hex"]!.GetValue<string>();
        var type = GoldenVectors.StructTypes[vector["struct"]!.GetValue<string>()];

        var decoded = (TBase)Activator.CreateInstance(type)!;
        var (protocol, input) = SpanReader(Convert.FromHexString(hex), bytesPerRead, new TConfiguration());
        await decoded.ReadAsync(protocol, CancellationToken.None);
        Assert.Equal(input.Length, input.Position);
        Assert.Equal(0, ((SpanBufferedTransport)protocol.Transport).Buffered);

        // What it decoded, written by Apache Thrift's own protocol, and what it writes itself: both the vector's bytes.
        Assert.Equal(hex, Convert.ToHexStringLower(await WriteAsync(decoded, span: false)));
        Assert.Equal(hex, Convert.ToHexStringLower(await WriteAsync(decoded, span: true)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public async Task Large_reply_with_multibyte_text_round_trips_as_a_message(int bytesPerRead)
    {
        var result = new TGetBinlogResult
        {
            Status = new TStatus { StatusCode = TStatusCode.OK, ErrorMsgs = ["", "ok"] },
            NextCommitSeq = 77,
            Binlogs = Enumerable.Range(1, 40).Select(i => new TBinlog
            {
                CommitSeq = i,
                Timestamp = 1_700_000_000_000 + i,
                Type = TBinlogType.UPSERT,
                DbId = 10_001,
                TableIds = [10_002, -i],
                // Over the write buffer for some, and non-ASCII (2- and 3-byte UTF-8, a surrogate pair) for all.
                Data = string.Concat(Enumerable.Repeat($"{{\"k\":{i},\"v\":\"é€𝄞\"}}", i == 7 ? 9000 : 10)),
                RemoveEnableCache = i % 2 == 0,
            }).ToList(),
            FeVersion = "doris-2.1.7-ü",
        };

        var stock = await WriteMessageAsync(result, span: false);
        Assert.Equal(stock, await WriteMessageAsync(result, span: true));

        var (protocol, input) = SpanReader(stock, bytesPerRead, new TConfiguration());
        var header = await protocol.ReadMessageBeginAsync(CancellationToken.None);
        var decoded = new TGetBinlogResult();
        await decoded.ReadAsync(protocol, CancellationToken.None);
        await protocol.ReadMessageEndAsync(CancellationToken.None);

        Assert.Equal(("getBinlog", TMessageType.Reply, 42), (header.Name, header.Type, header.SeqID));
        Assert.Equal(input.Length, input.Position);
        Assert.Equal(result, decoded);
    }

    [Fact]
    public async Task Declared_length_beyond_the_message_limit_fails_before_reading_it()
    {
        // A string field that claims 1 MiB under a 1 KiB limit.
        byte[] bytes = [(byte)TType.String, 0, 6, 0, 0x10, 0, 0, .. new byte[16]];
        var (protocol, _) = SpanReader(bytes, 4096, new TConfiguration { MaxMessageSize = 1024 });

        var error = await Assert.ThrowsAsync<TTransportException>(async () => await new TBinlog().ReadAsync(protocol, CancellationToken.None));
        Assert.Equal(TTransportException.ExceptionType.MessageSizeLimit, error.Type);
        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_limit_counts_each_message_afresh()
    {
        var result = new TGetBinlogResult { Binlogs = [new TBinlog { Data = new string('x', 300) }] };
        var one = await WriteMessageAsync(result, span: false);
        var limit = one.Length + 10;

        // Two messages back to back, each under the limit, together over it: both read.
        var (protocol, _) = SpanReader([.. one, .. one], 4096, new TConfiguration { MaxMessageSize = limit });
        for (var i = 0; i < 2; i++)
        {
            await protocol.ReadMessageBeginAsync(CancellationToken.None);
            await new TGetBinlogResult().ReadAsync(protocol, CancellationToken.None);
            await protocol.ReadMessageEndAsync(CancellationToken.None);
        }

        // One message over the limit: refused while reading it.
        var large = await WriteMessageAsync(new TGetBinlogResult { Binlogs = [.. Enumerable.Repeat(new TBinlog { CommitSeq = 1, Data = "y" }, 100)] }, span: false);
        (protocol, _) = SpanReader(large, 4096, new TConfiguration { MaxMessageSize = limit });
        await protocol.ReadMessageBeginAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<TTransportException>(async () => await new TGetBinlogResult().ReadAsync(protocol, CancellationToken.None));
        Assert.Equal(TTransportException.ExceptionType.MessageSizeLimit, error.Type);
    }

    private static (TProtocol Protocol, Stream Input) SpanReader(byte[] bytes, int bytesPerRead, TConfiguration configuration)
    {
        var input = new ChunkedReadStream(bytes, bytesPerRead);
        var transport = new SpanBufferedTransport(new TStreamTransport(input, null, configuration), 64 * 1024);
        return (new SpanBinaryProtocol(transport), input);
    }

    private static async Task<byte[]> WriteAsync(TBase value, bool span) =>
        await WriteWithAsync(span, async p => await value.WriteAsync(p, CancellationToken.None));

    private static async Task<byte[]> WriteMessageAsync(TGetBinlogResult result, bool span) =>
        await WriteWithAsync(span, async p =>
        {
            await p.WriteMessageBeginAsync(new TMessage("getBinlog", TMessageType.Reply, 42), CancellationToken.None);
            await result.WriteAsync(p, CancellationToken.None);
            await p.WriteMessageEndAsync(CancellationToken.None);
        });

    private static async Task<byte[]> WriteWithAsync(bool span, Func<TProtocol, Task> write)
    {
        using var output = new MemoryStream();
        var inner = new TStreamTransport(null, output, new TConfiguration());
        // A small write buffer, so that the large reply also takes the flush-and-continue and write-through paths.
        TTransport transport = span ? new SpanBufferedTransport(inner, 4096) : new TBufferedTransport(inner, 4096);
        using var protocol = span ? new SpanBinaryProtocol(transport) : new TBinaryProtocol(transport);
        await write(protocol);
        await transport.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>A read-only stream that hands out at most a given number of bytes per read, as a slow socket would.</summary>
    private sealed class ChunkedReadStream(byte[] bytes, int bytesPerRead) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, bytesPerRead)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, bytesPerRead), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
    }
}
