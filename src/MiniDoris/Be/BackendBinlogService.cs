namespace MiniDoris.Be;

/// <summary>The BE HTTP binlog methods as engine calls (filled in below).</summary>
public sealed class BackendBinlogService
{
    private readonly DorisCluster _cluster;

    internal BackendBinlogService(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    internal DorisCluster Cluster => _cluster;
}
