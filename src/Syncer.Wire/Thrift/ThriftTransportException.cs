namespace Syncer.Wire.Thrift;

/// <summary>Why a Thrift call could not complete at the transport level.</summary>
public enum ThriftTransportError
{
    /// <summary>The TCP connection could not be established (refused, unreachable, connect timeout).</summary>
    ConnectFailed,
    /// <summary>The call did not complete within its timeout; the connection was discarded.</summary>
    Timeout,
    /// <summary>The peer closed or reset the connection.</summary>
    ConnectionClosed,
    /// <summary>The message exceeded the configured size limit.</summary>
    MessageTooLarge,
}

/// <summary>A Thrift call failed before a reply could be read: connection, timeout or size problems.</summary>
public sealed class ThriftTransportException : Exception
{
    public ThriftTransportException(ThriftTransportError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    public ThriftTransportError Error { get; }
}
