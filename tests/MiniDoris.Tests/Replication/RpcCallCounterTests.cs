using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>SHOW PROC '/minidoris_rpc_calls': the per-method Thrift call counts the benchmark reads from the server's side.</summary>
public sealed class RpcCallCounterTests : IClassFixture<ClusterPairFixture>
{
    private readonly ClusterPairFixture _pair;

    public RpcCallCounterTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task Every_getBinlog_call_is_counted_even_when_a_fault_answers_it()
    {
        var source = _pair.Source;
        var before = await CallsAsync(source, "getBinlog");
        var request = new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "no_such_db_counter", PrevCommitSeq = 0 };
        for (var i = 0; i < 3; i++) await source.Fe.GetBinlogAsync(request, CancellationToken.None);
        await source.ExecAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"fail,times:1\")");
        try
        {
            await source.Fe.GetBinlogAsync(request, CancellationToken.None);
        }
        finally
        {
            await source.ClearFaultsAsync();
        }
        Assert.Equal(before + 4, await CallsAsync(source, "getBinlog"));
        Assert.DoesNotContain(await source.LinesAsync("ADMIN SHOW FRONTEND CONFIG LIKE 'minidoris%'"), l => l.Contains("getBinlog", StringComparison.Ordinal));
    }

    private static async Task<long> CallsAsync(DorisNode node, string method)
    {
        var line = (await node.LinesAsync("SHOW PROC '/minidoris_rpc_calls'")).FirstOrDefault(l => l.StartsWith(method + "|", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(method.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
