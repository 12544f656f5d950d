namespace Syncer.Wire.Thrift;

/// <summary>The bytes on the wire are not a valid TBinaryProtocol message, or do not fit the declared type.</summary>
public sealed class ThriftProtocolException : Exception
{
    public ThriftProtocolException(string message) : base(message) { }

    public ThriftProtocolException(string message, Exception inner) : base(message, inner) { }
}
