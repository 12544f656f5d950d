namespace Syncer.Cluster;

/// <summary>A BE as listed by <c>show backends</c>.</summary>
public sealed record BackendInfo(long Id, string Host, int BePort, int HttpPort, int BrpcPort)
{
    /// <summary>"host:http_port", the address the binlog probe uses.</summary>
    public string HttpAddress => $"{Host}:{HttpPort}";
}
