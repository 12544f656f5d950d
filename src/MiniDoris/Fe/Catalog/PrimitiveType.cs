namespace MiniDoris.Fe.Catalog;

/// <summary>
/// Doris's primitive column types, named as Doris prints them in partition range strings
/// (<c>types: [INT]</c>). DATE and DATETIME columns are created as their V2 forms, as in Doris 2.x.
/// </summary>
public enum PrimitiveType
{
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INT,
    BIGINT,
    LARGEINT,
    FLOAT,
    DOUBLE,
    DECIMAL32,
    DECIMAL64,
    DECIMAL128,
    DATEV2,
    DATETIMEV2,
    CHAR,
    VARCHAR,
    STRING,
}
