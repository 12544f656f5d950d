namespace Syncer.Doris.Sql;

/// <summary>A BE as listed by <c>show backends</c>.</summary>
public sealed record DorisBackend(long Id, string Host, int BePort, int HttpPort, int BrpcPort)
{
    /// <summary>"host:http_port", the address of its HTTP server.</summary>
    public string HttpAddress => $"{Host}:{HttpPort}";
}
