using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

internal sealed class ListCodec<T> : ThriftCodec<List<T>>
{
    private readonly ThriftCodec<T> _element;

    public ListCodec(ThriftCodec<T> element) => _element = element;

    public override TType WireType => TType.List;

    public override void Write(ref TBinaryWriter writer, List<T> value)
    {
        writer.WriteListBegin(_element.WireType, value.Count);
        foreach (var item in value)
        {
            _element.Write(ref writer, item);
        }
    }

    public override List<T> Read(ref TBinaryReader reader)
    {
        var (elementType, count) = reader.ReadListBegin();
        ContainerCheck.ElementType(_element.WireType, elementType, count, "list");
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(_element.Read(ref reader));
        }

        return list;
    }
}

internal sealed class SetCodec<T> : ThriftCodec<HashSet<T>>
{
    private readonly ThriftCodec<T> _element;

    public SetCodec(ThriftCodec<T> element) => _element = element;

    public override TType WireType => TType.Set;

    public override void Write(ref TBinaryWriter writer, HashSet<T> value)
    {
        writer.WriteSetBegin(_element.WireType, value.Count);
        foreach (var item in value)
        {
            _element.Write(ref writer, item);
        }
    }

    public override HashSet<T> Read(ref TBinaryReader reader)
    {
        var (elementType, count) = reader.ReadSetBegin();
        ContainerCheck.ElementType(_element.WireType, elementType, count, "set");
        var set = new HashSet<T>(count);
        for (var i = 0; i < count; i++)
        {
            set.Add(_element.Read(ref reader));
        }

        return set;
    }
}

internal sealed class MapCodec<TKey, TValue> : ThriftCodec<Dictionary<TKey, TValue>>
    where TKey : notnull
{
    private readonly ThriftCodec<TKey> _key;
    private readonly ThriftCodec<TValue> _value;

    public MapCodec(ThriftCodec<TKey> key, ThriftCodec<TValue> value)
    {
        _key = key;
        _value = value;
    }

    public override TType WireType => TType.Map;

    public override void Write(ref TBinaryWriter writer, Dictionary<TKey, TValue> value)
    {
        writer.WriteMapBegin(_key.WireType, _value.WireType, value.Count);
        foreach (var (k, v) in value)
        {
            _key.Write(ref writer, k);
            _value.Write(ref writer, v);
        }
    }

    public override Dictionary<TKey, TValue> Read(ref TBinaryReader reader)
    {
        var (keyType, valueType, count) = reader.ReadMapBegin();
        ContainerCheck.ElementType(_key.WireType, keyType, count, "map key");
        ContainerCheck.ElementType(_value.WireType, valueType, count, "map value");

        var map = new Dictionary<TKey, TValue>(count);
        for (var i = 0; i < count; i++)
        {
            var k = _key.Read(ref reader);
            map[k] = _value.Read(ref reader);
        }

        return map;
    }
}

internal static class ContainerCheck
{
    /// <summary>Empty containers are accepted whatever element type they name: some runtimes write placeholders.</summary>
    public static void ElementType(TType expected, TType actual, int count, string what)
    {
        if (count > 0 && expected != actual)
        {
            throw new ThriftProtocolException($"{what} element type {actual} does not match the declared {expected}");
        }
    }
}
