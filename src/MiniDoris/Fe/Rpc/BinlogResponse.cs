using MiniDoris.Fe.Binlog;

namespace MiniDoris.Fe.Rpc;

/// <summary>TGetBinlogResult: status and binlogs (copies, safe to read outside the cluster lock).</summary>
public sealed record BinlogResponse(RpcStatus Status, IReadOnlyList<BinlogRecord> Binlogs);
