namespace MiniDoris.Fe.Catalog;

/// <summary>The data model of an OLAP table, which decides how rows with the same key merge.</summary>
public enum KeysType
{
    /// <summary>DUPLICATE KEY: every row is kept.</summary>
    DUP_KEYS,

    /// <summary>UNIQUE KEY: the newest row per key wins.</summary>
    UNIQUE_KEYS,

    /// <summary>AGGREGATE KEY: value columns fold per key with their aggregate function.</summary>
    AGG_KEYS,
}
