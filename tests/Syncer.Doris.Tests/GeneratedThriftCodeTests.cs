using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Thrift;
using Thrift.Protocol;
using Thrift.Transport.Client;

namespace Syncer.Doris.Tests;

/// <summary>
/// The committed C# in src/Syncer.Doris/Thrift/Generated is what the Thrift compiler makes of our IDL today, and the
/// generated types keep the wire promises the code relies on (absent vs zero, skipping what they do not know).
/// </summary>
public class GeneratedThriftCodeTests
{
    private static string ThriftDir => Path.Combine(RepoPaths.Root, "src", "Syncer.Doris", "Thrift");

    [Fact]
    public async Task Committed_generated_code_matches_a_fresh_run_of_the_compiler()
    {
        // Needs Debian's thrift-compiler (./build.sh test installs it): a stale Generated/ fails here, not in review.
        var fresh = Directory.CreateTempSubdirectory("thrift-gen-").FullName;
        try
        {
            var run = await ProcessRunner.RunAsync("bash", [Path.Combine(ThriftDir, "regenerate.sh"), fresh], TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 0, run.ToString());

            var committed = Directory.GetFiles(Path.Combine(ThriftDir, "Generated")).Select(Path.GetFileName).Order().ToList();
            var generated = Directory.GetFiles(fresh).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(generated, committed);
            foreach (var name in generated)
            {
                Assert.True(
                    File.ReadAllText(Path.Combine(fresh, name!)) == File.ReadAllText(Path.Combine(ThriftDir, "Generated", name!)),
                    $"Generated/{name} is stale: run src/Syncer.Doris/Thrift/regenerate.sh");
            }
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    [Fact]
    public async Task An_optional_field_set_to_zero_is_written_and_an_unset_one_is_not()
    {
        var zero = new TGetBinlogRequest { PrevCommitSeq = 0 };
        var unset = new TGetBinlogRequest();

        // Field 9 (i64 = type 10), value 0, then stop.
        Assert.Equal("0a00090000000000000000" + "00", Convert.ToHexStringLower(await EncodeAsync(zero)));
        Assert.Equal("00", Convert.ToHexStringLower(await EncodeAsync(unset)));
        var decoded = await DecodeAsync<TGetBinlogRequest>(await EncodeAsync(zero));
        Assert.True(decoded.__isset.prev_commit_seq);
        Assert.False(decoded.__isset.table_id);
    }

    [Fact]
    public async Task Unknown_fields_and_fields_of_another_type_are_skipped()
    {
        // TBinlog: field 99 (string "x"), field 1 as a string instead of an i64, field 2 timestamp = 7, stop.
        var bytes = Convert.FromHexString("0b00630000000178" + "0b00010000000178" + "0a00020000000000000007" + "00");

        var binlog = await DecodeAsync<TBinlog>(bytes);

        Assert.False(binlog.__isset.commit_seq);
        Assert.True(binlog.__isset.timestamp);
        Assert.Equal(7, binlog.Timestamp);
    }

    [Fact]
    public async Task Hostile_nesting_in_an_unknown_field_stops_at_the_depth_limit()
    {
        // Field 99 holds a struct holding a struct ... 200 deep: skipping it must not recurse without bound.
        var bytes = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            bytes.AddRange(new byte[] { 0x0c, 0x00, 0x63 });
        }

        bytes.AddRange(Enumerable.Repeat((byte)0, 201));

        var error = await Assert.ThrowsAsync<TProtocolException>(() => DecodeAsync<TBinlog>([.. bytes]));

        Assert.Equal(TProtocolException.DEPTH_LIMIT, error.GetExceptionType());
    }

    [Fact]
    public async Task Truncated_input_is_an_error_not_a_partial_struct()
    {
        var whole = await EncodeAsync(new TBinlog { CommitSeq = 5, Data = "{\"a\":1}" });

        await Assert.ThrowsAnyAsync<TException>(() => DecodeAsync<TBinlog>(whole[..^3]));
    }

    private static async Task<byte[]> EncodeAsync(TBase value)
    {
        using var output = new MemoryStream();
        using var protocol = new TBinaryProtocol(new TStreamTransport(null, output, new TConfiguration()));
        await value.WriteAsync(protocol, CancellationToken.None);
        await protocol.Transport.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<T> DecodeAsync<T>(byte[] bytes)
        where T : TBase, new()
    {
        using var protocol = new TBinaryProtocol(new TStreamTransport(new MemoryStream(bytes), null, new TConfiguration()));
        var value = new T();
        await value.ReadAsync(protocol, CancellationToken.None);
        return value;
    }
}
