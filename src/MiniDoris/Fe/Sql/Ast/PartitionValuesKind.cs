namespace MiniDoris.Fe.Sql.Ast;

/// <summary>The forms a partition's VALUES clause takes.</summary>
public enum PartitionValuesKind
{
    /// <summary>No VALUES clause (unpartitioned ADD PARTITION, or a list partition without values).</summary>
    None,

    /// <summary>VALUES LESS THAN (...) or LESS THAN MAXVALUE.</summary>
    LessThan,

    /// <summary>VALUES [(lower), (upper)).</summary>
    Fixed,

    /// <summary>VALUES IN (...).</summary>
    In,
}
