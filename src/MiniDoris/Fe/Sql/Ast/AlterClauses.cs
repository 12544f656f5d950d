namespace MiniDoris.Fe.Sql.Ast;

/// <summary>One clause of ALTER TABLE.</summary>
public abstract record AlterClause
{
    /// <summary>The clause as written.</summary>
    public string Text { get; init; } = string.Empty;
}

/// <summary>ADD COLUMN c ... [AFTER x|FIRST] or ADD COLUMN (c1 ..., c2 ...).</summary>
public sealed record AddColumnsClause(List<ColumnDef> Columns, string? After, bool First) : AlterClause;

/// <summary>DROP COLUMN c.</summary>
public sealed record DropColumnClause(string Name) : AlterClause;

/// <summary>MODIFY COLUMN c type ... [AFTER x|FIRST].</summary>
public sealed record ModifyColumnClause(ColumnDef Column, string? After, bool First) : AlterClause;

/// <summary>MODIFY COLUMN c COMMENT 'x'.</summary>
public sealed record ModifyColumnCommentClause(string Column, string Comment) : AlterClause;

/// <summary>RENAME COLUMN a b.</summary>
public sealed record RenameColumnClause(string OldName, string NewName) : AlterClause;

/// <summary>ADD [TEMPORARY] PARTITION ... [DISTRIBUTED BY ...].</summary>
public sealed record AddPartitionClause(SinglePartitionDesc Partition, DistributionDesc? Distribution, bool Temp) : AlterClause;

/// <summary>DROP [TEMPORARY] PARTITION [IF EXISTS] p [FORCE].</summary>
public sealed record DropPartitionClause(string Name, bool IfExists, bool Temp, bool Force) : AlterClause;

/// <summary>REPLACE PARTITION (p...) WITH TEMPORARY PARTITION (tp...) [PROPERTIES (...)].</summary>
public sealed record ReplacePartitionClause(List<string> Partitions, List<string> TempPartitions, List<KeyValuePair<string, string>> Properties) : AlterClause;

/// <summary>RENAME new_name.</summary>
public sealed record RenameTableClause(string NewName) : AlterClause;

/// <summary>RENAME PARTITION old new.</summary>
public sealed record RenamePartitionClause(string OldName, string NewName) : AlterClause;

/// <summary>SET ("k" = "v", ...).</summary>
public sealed record SetPropertiesClause(List<KeyValuePair<string, string>> Properties) : AlterClause;

/// <summary>MODIFY COMMENT 'x'.</summary>
public sealed record ModifyTableCommentClause(string Comment) : AlterClause;

/// <summary>REPLACE WITH TABLE other [PROPERTIES ("swap" = "true|false")] [FORCE].</summary>
public sealed record ReplaceTableClause(string OtherTable, List<KeyValuePair<string, string>> Properties, bool Force) : AlterClause;

/// <summary>An index definition: INDEX name (cols) [USING type] [PROPERTIES (...)] [COMMENT 'c'].</summary>
public sealed record IndexDef(string Name, List<string> Columns, string IndexType, List<KeyValuePair<string, string>> Properties, string? Comment);

/// <summary>ADD INDEX [IF NOT EXISTS] ..., or CREATE INDEX ... ON t (which Doris turns into the same clause).</summary>
public sealed record AddIndexClause(IndexDef Index, bool IfNotExists) : AlterClause;

/// <summary>DROP INDEX [IF EXISTS] name, or DROP INDEX name ON t.</summary>
public sealed record DropIndexClause(string Name, bool IfExists) : AlterClause;

/// <summary>MODIFY [TEMPORARY] PARTITION p|(p1, p2)|(*) SET ("k" = "v", ...).</summary>
public sealed record ModifyPartitionClause(List<string> Partitions, bool All, bool Temp, List<KeyValuePair<string, string>> Properties) : AlterClause;

/// <summary>MODIFY DISTRIBUTION DISTRIBUTED BY ... BUCKETS n: the default bucketing of partitions added later.</summary>
public sealed record ModifyDistributionClause(DistributionDesc Distribution) : AlterClause;

/// <summary>ADD ROLLUP r (c1, c2, ...) [FROM base] [PROPERTIES (...)].</summary>
public sealed record AddRollupClause(string Name, List<string> Columns, List<KeyValuePair<string, string>> Properties) : AlterClause;

/// <summary>DROP ROLLUP r.</summary>
public sealed record DropRollupClause(string Name) : AlterClause;

/// <summary>RENAME ROLLUP old new.</summary>
public sealed record RenameRollupClause(string OldName, string NewName) : AlterClause;
