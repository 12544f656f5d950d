namespace Syncer.Doris.Rpc;

/// <summary>Why a Thrift call could not complete at the transport level.</summary>
public enum ThriftTransportError
{
    /// <summary>The TCP connection could not be established (refused, unreachable, connect timeout): the request was never sent.</summary>
    ConnectFailed,
    /// <summary>The call did not complete within its timeout; the connection was discarded. The server may have acted on it.</summary>
    Timeout,
    /// <summary>The peer closed or reset the connection. The server may have acted on the request.</summary>
    ConnectionClosed,
    /// <summary>The reply exceeded the configured size limit.</summary>
    MessageTooLarge,
}
