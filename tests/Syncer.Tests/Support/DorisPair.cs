using Syncer.Jobs;

namespace Syncer.Tests.Support;

/// <summary>
/// A source and a destination cluster of scripted FEs over the MySQL protocol plus one BE HTTP server each, for
/// the fault paths real minidoris cannot show: source database <c>demo</c> with binlog on, table <c>orders</c>
/// with binlog on, an empty destination.
/// </summary>
public sealed class DorisPair : IAsyncDisposable
{
    private DorisPair(ScriptedDorisServer src, ScriptedDorisServer dest, FakeBackendHttp srcBe, FakeBackendHttp destBe)
    {
        Src = src;
        Dest = dest;
        SrcBe = srcBe;
        DestBe = destBe;
    }

    public ScriptedDorisServer Src { get; }

    public ScriptedDorisServer Dest { get; }

    public FakeBackendHttp SrcBe { get; }

    public FakeBackendHttp DestBe { get; }

    public static async Task<DorisPair> StartAsync()
    {
        var src = await ScriptedDorisServer.StartAsync("src-doris-pw");
        var dest = await ScriptedDorisServer.StartAsync("dest-doris-pw");
        var srcBe = await FakeBackendHttp.StartAsync();
        var destBe = await FakeBackendHttp.StartAsync();
        src.AddBackend(srcBe.Port);
        dest.AddBackend(destBe.Port);
        src.Cluster.AddDatabase("demo");
        src.Cluster.AddTable("demo", "orders");
        return new DorisPair(src, dest, srcBe, destBe);
    }

    /// <summary>A /create_ccr body for a table job demo.orders → demo_bak.orders.</summary>
    public object TableJob(string name) => new { name, src = Src.Spec("demo", "orders"), dest = Dest.Spec("demo_bak", "orders") };

    /// <summary>A /create_ccr body for a database job demo → demo_bak.</summary>
    public object DbJob(string name) => new { name, src = Src.Spec("demo"), dest = Dest.Spec("demo_bak") };

    public async ValueTask DisposeAsync()
    {
        await Src.DisposeAsync();
        await Dest.DisposeAsync();
        await SrcBe.DisposeAsync();
        await DestBe.DisposeAsync();
    }
}
