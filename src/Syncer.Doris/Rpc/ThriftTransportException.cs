namespace Syncer.Doris.Rpc;

/// <summary>
/// A Thrift call failed before a reply could be read: connection, timeout or size problems. All but an oversized
/// reply are transient (the next call connects afresh); <see cref="RequestMayHaveBeenSent"/> says whether the server could
/// have acted on this one, which decides whether the caller may send it again.
/// </summary>
public sealed class ThriftTransportException : Exception
{
    public ThriftTransportException(ThriftTransportError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    public ThriftTransportError Error { get; }

    /// <summary>True unless the reply was too large, which it will be again.</summary>
    public bool IsTransient => Error != ThriftTransportError.MessageTooLarge;

    /// <summary>False only when the connection was never made, so the server cannot have seen the request.</summary>
    public bool RequestMayHaveBeenSent => Error != ThriftTransportError.ConnectFailed;
}
