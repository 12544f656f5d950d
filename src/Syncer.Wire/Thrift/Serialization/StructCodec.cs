using System.Reflection;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Serialization;

/// <summary>
/// Reads and writes a class marked <see cref="ThriftStructAttribute"/>, field by field in id order, from the
/// <see cref="ThriftFieldAttribute"/>s on its properties. Fields read with an unknown id or an unexpected
/// wire type are skipped, as every Thrift runtime does, so newer peers with extra fields interoperate.
/// </summary>
public sealed class StructCodec<T> : ThriftCodec<T>
    where T : class, new()
{
    private FieldTable? _table;

    internal StructCodec()
    {
        var attribute = typeof(T).GetCustomAttribute<ThriftStructAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T)} is not marked [ThriftStruct]");
        StructName = attribute.Name;
    }

    /// <summary>The struct's name in the IDL.</summary>
    public string StructName { get; }

    /// <summary>The declared fields, in ascending id order.</summary>
    public IReadOnlyList<FieldAccessor<T>> Fields => EnsureFields().Fields;

    public override TType WireType => TType.Struct;

    public override void Write(ref TBinaryWriter writer, T value)
    {
        foreach (var field in EnsureFields().Fields)
        {
            field.Write(ref writer, value);
        }

        writer.WriteFieldStop();
    }

    public override T Read(ref TBinaryReader reader)
    {
        var byId = EnsureFields().ById;
        var value = new T();
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            var field = id >= 0 && id < byId.Length ? byId[id] : null;
            if (field is not null && field.WireType == type)
            {
                field.Read(ref reader, value);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return value;
    }

    // Fields are resolved on first use so that structs may refer to each other (or themselves).
    private FieldTable EnsureFields()
    {
        if (Volatile.Read(ref _table) is { } ready)
        {
            return ready;
        }

        var fields = new List<FieldAccessor<T>>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ThriftFieldAttribute>() is not { } attribute)
            {
                continue;
            }

            if (property.GetMethod is null || property.SetMethod is null)
            {
                throw new InvalidOperationException($"{typeof(T)}.{property.Name} needs a public getter and setter");
            }

            var codec = ThriftCodecs.For(property.PropertyType);
            var accessorType = typeof(FieldAccessor<,>).MakeGenericType(typeof(T), property.PropertyType);
            fields.Add((FieldAccessor<T>)Activator.CreateInstance(accessorType, attribute.Id, attribute.Name, property, codec)!);
        }

        fields.Sort((a, b) => a.Id.CompareTo(b.Id));
        var byId = new FieldAccessor<T>?[fields.Count == 0 ? 0 : fields[^1].Id + 1];
        foreach (var field in fields)
        {
            if (field.Id < 0)
            {
                throw new InvalidOperationException($"{typeof(T)}.{field.Property.Name}: negative field id {field.Id}");
            }

            if (byId[field.Id] is not null)
            {
                throw new InvalidOperationException($"{typeof(T)}: field id {field.Id} declared twice");
            }

            byId[field.Id] = field;
        }

        var table = new FieldTable([.. fields], byId);
        Volatile.Write(ref _table, table);
        return table;
    }

    private sealed record FieldTable(FieldAccessor<T>[] Fields, FieldAccessor<T>?[] ById);
}
