namespace MiniDoris.Fe.Sql.Ast;

/// <summary>One partition in CREATE TABLE or ADD PARTITION.</summary>
public sealed record SinglePartitionDesc(
    string Name,
    bool IfNotExists,
    PartitionValuesKind Kind,
    List<PartitionBound> Upper,
    List<PartitionBound> Lower,
    List<List<PartitionBound>> InValues,
    List<KeyValuePair<string, string>> Properties);
