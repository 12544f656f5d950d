namespace Syncer.Wire.Thrift.Server;

/// <summary>
/// Thrown by a handler to make the server drop the connection instead of replying: the connection is reset
/// (TCP RST) and the client sees a transport error, as when a server process dies mid-call. Emulators use it
/// to inject connection faults; it is never turned into a TApplicationException.
/// </summary>
public sealed class ThriftConnectionAbortException : Exception
{
    public ThriftConnectionAbortException()
        : base("connection aborted by the handler")
    {
    }

    public ThriftConnectionAbortException(string message)
        : base(message)
    {
    }

    public ThriftConnectionAbortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
