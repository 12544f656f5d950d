using System.Reflection;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>One declared field of a Thrift struct: its id, IDL name, wire type and how to get and set it.</summary>
public abstract class FieldAccessor<TOwner>
{
    protected FieldAccessor(short id, string name, PropertyInfo property)
    {
        Id = id;
        Name = name;
        Property = property;
    }

    public short Id { get; }

    public string Name { get; }

    public PropertyInfo Property { get; }

    public abstract TType WireType { get; }

    public abstract bool IsSet(TOwner owner);

    public abstract void Write(ref TBinaryWriter writer, TOwner owner);

    public abstract void Read(ref TBinaryReader reader, TOwner owner);
}

internal sealed class FieldAccessor<TOwner, TValue> : FieldAccessor<TOwner>
{
    private readonly Func<TOwner, TValue> _get;
    private readonly Action<TOwner, TValue> _set;
    private readonly ThriftCodec<TValue> _codec;

    public FieldAccessor(short id, string name, PropertyInfo property, ThriftCodec<TValue> codec)
        : base(id, name, property)
    {
        _get = property.GetMethod!.CreateDelegate<Func<TOwner, TValue>>();
        _set = property.SetMethod!.CreateDelegate<Action<TOwner, TValue>>();
        _codec = codec;
    }

    public override TType WireType => _codec.WireType;

    // For reference types and Nullable<T> this is a null check; plain value types are always set.
    public override bool IsSet(TOwner owner) => _get(owner) is not null;

    public override void Write(ref TBinaryWriter writer, TOwner owner)
    {
        var value = _get(owner);
        if (value is null)
        {
            return;
        }

        writer.WriteFieldBegin(_codec.WireType, Id);
        _codec.Write(ref writer, value);
    }

    public override void Read(ref TBinaryReader reader, TOwner owner) => _set(owner, _codec.Read(ref reader));
}
