using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Sql.Ast;

/// <summary>PARTITION BY RANGE|LIST (columns) (partitions...).</summary>
public sealed record PartitionDesc(PartitionType Type, List<string> Columns, List<SinglePartitionDesc> Partitions);
