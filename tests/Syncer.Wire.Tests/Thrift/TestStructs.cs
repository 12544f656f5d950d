using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Wire.Tests.Thrift;

public enum Color
{
    Red = 1,
    Green = 2,
}

[ThriftStruct("Inner")]
public sealed class Inner
{
    [ThriftField(1, "id")] public long Id { get; set; }
    [ThriftField(2, "label")] public string? Label { get; set; }
}

/// <summary>Every supported field type once.</summary>
[ThriftStruct("AllTypes")]
public sealed class AllTypes
{
    [ThriftField(1, "flag")] public bool? Flag { get; set; }
    [ThriftField(2, "tiny")] public sbyte? Tiny { get; set; }
    [ThriftField(3, "small")] public short? Small { get; set; }
    [ThriftField(4, "number")] public int? Number { get; set; }
    [ThriftField(5, "big")] public long? Big { get; set; }
    [ThriftField(6, "real")] public double? Real { get; set; }
    [ThriftField(7, "text")] public string? Text { get; set; }
    [ThriftField(8, "blob")] public byte[]? Blob { get; set; }
    [ThriftField(9, "color")] public Color? Color { get; set; }
    [ThriftField(10, "inner")] public Inner? Inner { get; set; }
    [ThriftField(11, "list")] public List<Inner>? List { get; set; }
    [ThriftField(12, "set")] public HashSet<long>? Set { get; set; }
    [ThriftField(13, "map")] public Dictionary<string, List<int>>? Map { get; set; }
    [ThriftField(14, "required_number")] public int RequiredNumber { get; set; }
    [ThriftField(15, "nested")] public List<List<string>>? Nested { get; set; }
}

/// <summary>An older peer's view of <see cref="AllTypes"/>: knows only two fields, one with another type.</summary>
[ThriftStruct("AllTypes")]
public sealed class OldAllTypes
{
    [ThriftField(4, "number")] public int? Number { get; set; }
    [ThriftField(7, "text")] public long? TextAsNumber { get; set; }
}

[ThriftStruct("EchoRequest")]
public sealed class EchoRequest
{
    [ThriftField(1, "text")] public string? Text { get; set; }
    [ThriftField(2, "payload")] public byte[]? Payload { get; set; }
    [ThriftField(3, "delay_ms")] public int? DelayMs { get; set; }
}

[ThriftStruct("EchoResult")]
public sealed class EchoResult
{
    [ThriftField(1, "text")] public string? Text { get; set; }
    [ThriftField(2, "payload")] public byte[]? Payload { get; set; }
}

[ThriftStruct("Recursive")]
public sealed class Recursive
{
    [ThriftField(1, "child")] public Recursive? Child { get; set; }
}
