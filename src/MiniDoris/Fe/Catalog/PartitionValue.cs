namespace MiniDoris.Fe.Catalog;

/// <summary>One position of a partition key; <see cref="Text"/> is the canonical text of a concrete value.</summary>
public sealed record PartitionValue(PartitionValueKind Kind, string? Text)
{
    public static PartitionValue Of(string text) => new(PartitionValueKind.Value, text);
}
