namespace Syncer.Wire.Thrift;

/// <summary>TApplicationException type codes, as every Thrift runtime numbers them.</summary>
public enum TApplicationExceptionType
{
    Unknown = 0,
    UnknownMethod = 1,
    InvalidMessageType = 2,
    WrongMethodName = 3,
    BadSequenceId = 4,
    MissingResult = 5,
    InternalError = 6,
    ProtocolError = 7,
    InvalidTransform = 8,
    InvalidProtocol = 9,
    UnsupportedClientType = 10,
}

/// <summary>
/// The standard Thrift application exception: sent by a server in an EXCEPTION message
/// (struct {1: message string, 2: type i32}) and raised on the client that receives one.
/// </summary>
public sealed class ThriftApplicationException : Exception
{
    public ThriftApplicationException(TApplicationExceptionType type, string message) : base(message) => Type = type;

    public TApplicationExceptionType Type { get; }
}
