using System.Buffers;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>Convenience entry points to encode and decode one [ThriftStruct] value with TBinaryProtocol.</summary>
public static class ThriftSerializer
{
    public static void Serialize<T>(T value, IBufferWriter<byte> output)
        where T : class, new()
    {
        var writer = new TBinaryWriter(output);
        ThriftCodecs.Struct<T>().Write(ref writer, value);
    }

    public static byte[] Serialize<T>(T value)
        where T : class, new()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static T Deserialize<T>(ReadOnlySpan<byte> data)
        where T : class, new()
    {
        var reader = new TBinaryReader(data);
        var value = ThriftCodecs.Struct<T>().Read(ref reader);
        if (reader.Remaining != 0)
        {
            throw new ThriftProtocolException($"{reader.Remaining} bytes left after {typeof(T).Name}");
        }

        return value;
    }
}
