namespace MiniDoris.Fe.Rpc;

/// <summary>TGetMasterTokenResult.</summary>
public sealed record MasterTokenResponse(RpcStatus Status, string? Token);
