namespace Syncer.Wire.Thrift.Serialization;

/// <summary>
/// Declares a property as a Thrift field with its IDL id and name. A field is written when it is set:
/// non-null for reference and nullable types, always for plain value types (so use nullable types for
/// optional fields and plain ones for required fields).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ThriftFieldAttribute : Attribute
{
    public ThriftFieldAttribute(short id, string name)
    {
        Id = id;
        Name = name;
    }

    public short Id { get; }

    public string Name { get; }
}
