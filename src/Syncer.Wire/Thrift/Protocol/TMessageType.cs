namespace Syncer.Wire.Thrift.Protocol;

/// <summary>The kind of a Thrift message envelope.</summary>
public enum TMessageType : byte
{
    Call = 1,
    Reply = 2,
    Exception = 3,
    Oneway = 4,
}
