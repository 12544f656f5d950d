namespace MiniDoris.Fe.Sql.Ast;

/// <summary>CREATE TABLE in Doris syntax.</summary>
public sealed record CreateTableStmt(
    TableName Name,
    bool IfNotExists,
    List<ColumnDef> Columns,
    KeysDesc? Keys,
    string? Comment,
    PartitionDesc? Partition,
    DistributionDesc? Distribution,
    List<KeyValuePair<string, string>> Properties) : SqlStatement
{
    /// <summary>INDEX definitions of the column list.</summary>
    public List<IndexDef> Indexes { get; init; } = [];
}
