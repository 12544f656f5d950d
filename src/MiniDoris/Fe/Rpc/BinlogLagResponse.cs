using MiniDoris.Fe.Binlog;

namespace MiniDoris.Fe.Rpc;

/// <summary>TGetBinlogLagResult: status and, when found, the lag figures.</summary>
public sealed record BinlogLagResponse(RpcStatus Status, BinlogLagResult? Lag);
