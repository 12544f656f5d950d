namespace MiniDoris.MySql;

/// <summary>
/// One column of a result set, as the server's column definition packet describes it: a command handler builds
/// these to describe the result it returns.
/// </summary>
/// <param name="Name">The column's name or alias, as the query labels it.</param>
/// <param name="Type">The wire type, which decides how a client converts the (text) values.</param>
public sealed record MySqlColumn(string Name, MySqlColumnType Type)
{
    /// <summary>The "binary" pseudo character set: values are raw bytes, not text.</summary>
    public const int BinaryCharacterSet = 63;

    /// <summary>Column flags; <see cref="MySqlColumnFlags.Unsigned"/> matters for BIGINT.</summary>
    public MySqlColumnFlags Flags { get; init; }

    /// <summary>
    /// Collation id. 63 means binary; any other id is decoded as UTF-8. 0 lets the server pick (63 for numbers and
    /// dates, 33 utf8mb3 for text, as Doris does).
    /// </summary>
    public int CharacterSet { get; init; }

    /// <summary>Maximum display length in bytes; 0 lets the server pick a default for the type.</summary>
    public uint ColumnLength { get; init; }

    /// <summary>Digits after the decimal point for DECIMAL/DOUBLE, fractional seconds for temporal types.</summary>
    public byte Decimals { get; init; }

    public string Catalog { get; init; } = "def";

    /// <summary>The database the column's table belongs to, if any.</summary>
    public string Schema { get; init; } = string.Empty;

    /// <summary>The table alias used in the query, if any.</summary>
    public string Table { get; init; } = string.Empty;

    /// <summary>The physical table name, if any.</summary>
    public string OriginalTable { get; init; } = string.Empty;

    /// <summary>The physical column name, if any.</summary>
    public string OriginalName { get; init; } = string.Empty;

    public bool IsUnsigned => (Flags & MySqlColumnFlags.Unsigned) != 0;

    /// <summary>True when values are bytes rather than text (a BLOB/BINARY/BIT column in the binary charset).</summary>
    public bool IsBinary => CharacterSet == BinaryCharacterSet && Type is MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob
        or MySqlColumnType.LongBlob or MySqlColumnType.Blob or MySqlColumnType.VarString or MySqlColumnType.String
        or MySqlColumnType.VarChar or MySqlColumnType.Bit or MySqlColumnType.Geometry;
}
