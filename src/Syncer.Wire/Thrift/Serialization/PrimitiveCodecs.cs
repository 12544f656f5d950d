using System.Runtime.CompilerServices;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

internal sealed class BoolCodec : ThriftCodec<bool>
{
    public static readonly BoolCodec Instance = new();
    public override TType WireType => TType.Bool;
    public override void Write(ref TBinaryWriter writer, bool value) => writer.WriteBool(value);
    public override bool Read(ref TBinaryReader reader) => reader.ReadBool();
}

internal sealed class ByteCodec : ThriftCodec<sbyte>
{
    public static readonly ByteCodec Instance = new();
    public override TType WireType => TType.Byte;
    public override void Write(ref TBinaryWriter writer, sbyte value) => writer.WriteByte(unchecked((byte)value));
    public override sbyte Read(ref TBinaryReader reader) => unchecked((sbyte)reader.ReadByte());
}

internal sealed class I16Codec : ThriftCodec<short>
{
    public static readonly I16Codec Instance = new();
    public override TType WireType => TType.I16;
    public override void Write(ref TBinaryWriter writer, short value) => writer.WriteI16(value);
    public override short Read(ref TBinaryReader reader) => reader.ReadI16();
}

internal sealed class I32Codec : ThriftCodec<int>
{
    public static readonly I32Codec Instance = new();
    public override TType WireType => TType.I32;
    public override void Write(ref TBinaryWriter writer, int value) => writer.WriteI32(value);
    public override int Read(ref TBinaryReader reader) => reader.ReadI32();
}

internal sealed class I64Codec : ThriftCodec<long>
{
    public static readonly I64Codec Instance = new();
    public override TType WireType => TType.I64;
    public override void Write(ref TBinaryWriter writer, long value) => writer.WriteI64(value);
    public override long Read(ref TBinaryReader reader) => reader.ReadI64();
}

internal sealed class DoubleCodec : ThriftCodec<double>
{
    public static readonly DoubleCodec Instance = new();
    public override TType WireType => TType.Double;
    public override void Write(ref TBinaryWriter writer, double value) => writer.WriteDouble(value);
    public override double Read(ref TBinaryReader reader) => reader.ReadDouble();
}

internal sealed class StringCodec : ThriftCodec<string>
{
    public static readonly StringCodec Instance = new();
    public override TType WireType => TType.String;
    public override void Write(ref TBinaryWriter writer, string value) => writer.WriteString(value);
    public override string Read(ref TBinaryReader reader) => reader.ReadString();
}

internal sealed class BinaryCodec : ThriftCodec<byte[]>
{
    public static readonly BinaryCodec Instance = new();
    public override TType WireType => TType.String;
    public override void Write(ref TBinaryWriter writer, byte[] value) => writer.WriteBinary(value);
    public override byte[] Read(ref TBinaryReader reader) => reader.ReadBinary();
}

/// <summary>Thrift enums are i32 on the wire; unknown values survive as unnamed enum values.</summary>
internal sealed class EnumCodec<TEnum> : ThriftCodec<TEnum>
    where TEnum : struct, Enum
{
    public override TType WireType => TType.I32;
    public override void Write(ref TBinaryWriter writer, TEnum value) => writer.WriteI32(Unsafe.As<TEnum, int>(ref value));

    public override TEnum Read(ref TBinaryReader reader)
    {
        var raw = reader.ReadI32();
        return Unsafe.As<int, TEnum>(ref raw);
    }
}

internal sealed class NullableCodec<T> : ThriftCodec<T?>
    where T : struct
{
    private readonly ThriftCodec<T> _inner;

    public NullableCodec(ThriftCodec<T> inner) => _inner = inner;

    public override TType WireType => _inner.WireType;
    public override void Write(ref TBinaryWriter writer, T? value) => _inner.Write(ref writer, value!.Value);
    public override T? Read(ref TBinaryReader reader) => _inner.Read(ref reader);
}
