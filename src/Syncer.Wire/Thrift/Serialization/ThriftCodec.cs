using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>Encodes and decodes values of one CLR type as one Thrift wire type.</summary>
public abstract class ThriftCodec<T>
{
    /// <summary>The wire type this codec reads and writes.</summary>
    public abstract TType WireType { get; }

    public abstract void Write(ref TBinaryWriter writer, T value);

    public abstract T Read(ref TBinaryReader reader);
}
