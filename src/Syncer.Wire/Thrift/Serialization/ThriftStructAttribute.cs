namespace Syncer.Wire.Thrift.Serialization;

/// <summary>Marks a class as a Thrift struct; <see cref="Name"/> is its name in the IDL.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ThriftStructAttribute : Attribute
{
    public ThriftStructAttribute(string name) => Name = name;

    public string Name { get; }
}
