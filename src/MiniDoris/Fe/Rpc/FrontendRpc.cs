namespace MiniDoris.Fe.Rpc;

/// <summary>The FE Thrift methods as engine calls (filled in below).</summary>
public sealed class FrontendRpc
{
    private readonly DorisCluster _cluster;

    internal FrontendRpc(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    internal DorisCluster Cluster => _cluster;
}
