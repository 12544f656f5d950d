namespace MiniDoris.Fe.Qe;

/// <summary>The type a result-set column announces (the MySQL front maps it to a protocol column type).</summary>
public enum ResultColumnType
{
    Varchar,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    LargeInt,
    Float,
    Double,
    Decimal,
    Date,
    DateTime,
    Null,
}
