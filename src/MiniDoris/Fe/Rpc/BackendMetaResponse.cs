namespace MiniDoris.Fe.Rpc;

/// <summary>TGetBackendMetaResult.</summary>
public sealed record BackendMetaResponse(RpcStatus Status, IReadOnlyList<BackendInfo> Backends);

/// <summary>TBackend.</summary>
public sealed record BackendInfo(long Id, string Host, int BePort, int HttpPort, int BrpcPort, bool IsAlive);
