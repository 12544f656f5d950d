namespace Syncer.Doris.Rpc;

/// <summary>An FE's host and Thrift (rpc_port) port.</summary>
public readonly record struct FrontendEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}
