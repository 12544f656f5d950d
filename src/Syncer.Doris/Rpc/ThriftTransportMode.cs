namespace Syncer.Doris.Rpc;

/// <summary>How Thrift messages are delimited on the TCP stream.</summary>
public enum ThriftTransportMode
{
    /// <summary>Plain messages back to back, as Doris FE and BE servers and the Go syncer's Kitex client use.</summary>
    Buffered,
    /// <summary>Each message preceded by its length as a big-endian i32 (TFramedTransport).</summary>
    Framed,
}
