namespace MiniDoris.Fe.Catalog;

/// <summary>How a value column folds rows with the same key in an AGGREGATE (or UNIQUE) table.</summary>
public enum AggregateType
{
    NONE,
    SUM,
    MAX,
    MIN,
    REPLACE,
    REPLACE_IF_NOT_NULL,
}
