namespace Syncer.Wire.Thrift.Protocol;

/// <summary>The envelope that precedes every Thrift message: method name, kind and sequence id.</summary>
public readonly record struct TMessageHeader(string Name, TMessageType Type, int SeqId);
