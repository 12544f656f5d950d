using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>Lists and sets share one encoding: element type, count, elements.</summary>
internal class CollectionCodec<TCollection, T> : ThriftCodec<TCollection>
    where TCollection : ICollection<T>
{
    private readonly ThriftCodec<T> _element;
    private readonly Func<int, TCollection> _create;

    protected CollectionCodec(TType wireType, ThriftCodec<T> element, Func<int, TCollection> create)
    {
        WireType = wireType;
        _element = element;
        _create = create;
    }

    public override TType WireType { get; }

    public override void Write(ref TBinaryWriter writer, TCollection value)
    {
        writer.WriteListBegin(_element.WireType, value.Count);
        foreach (var item in value)
        {
            _element.Write(ref writer, item);
        }
    }

    public override TCollection Read(ref TBinaryReader reader)
    {
        var (elementType, count) = reader.ReadListBegin();
        ContainerCheck.ElementType(_element.WireType, elementType, count, WireType.ToString());
        var collection = _create(count);
        for (var i = 0; i < count; i++)
        {
            collection.Add(_element.Read(ref reader));
        }

        return collection;
    }
}

internal sealed class ListCodec<T>(ThriftCodec<T> element)
    : CollectionCodec<List<T>, T>(TType.List, element, count => new List<T>(count));

internal sealed class SetCodec<T>(ThriftCodec<T> element)
    : CollectionCodec<HashSet<T>, T>(TType.Set, element, count => new HashSet<T>(count));

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
