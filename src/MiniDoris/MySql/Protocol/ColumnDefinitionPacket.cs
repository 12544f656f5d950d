using System.Buffers;

namespace MiniDoris.MySql.Protocol;

/// <summary>ColumnDefinition41: describes one result-set column.</summary>
internal static class ColumnDefinitionPacket
{
    /// <summary>Length of the fixed-size block (charset, length, type, flags, decimals, filler).</summary>
    private const byte FixedFieldsLength = 0x0C;

    public static MySqlColumn Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        var catalog = reader.ReadLengthEncodedString();
        var schema = reader.ReadLengthEncodedString();
        var table = reader.ReadLengthEncodedString();
        var originalTable = reader.ReadLengthEncodedString();
        var name = reader.ReadLengthEncodedString();
        var originalName = reader.ReadLengthEncodedString();
        var fixedLength = reader.ReadLengthEncodedInteger();
        if (fixedLength < 10)
        {
            throw new MySqlProtocolException($"Column definition fixed block of {fixedLength} bytes is too short.");
        }

        var charset = reader.ReadUInt16();
        var columnLength = reader.ReadUInt32();
        var type = (MySqlColumnType)reader.ReadByte();
        var flags = (MySqlColumnFlags)reader.ReadUInt16();
        var decimals = reader.ReadByte();

        // Filler and, after COM_FIELD_LIST, default values follow; neither is used.
        return new MySqlColumn(name, type)
        {
            Catalog = catalog,
            Schema = schema,
            Table = table,
            OriginalTable = originalTable,
            OriginalName = originalName,
            CharacterSet = charset,
            ColumnLength = columnLength,
            Flags = flags,
            Decimals = decimals,
        };
    }

    public static void Write(IBufferWriter<byte> writer, MySqlColumn column)
    {
        writer.WriteLengthEncodedString(column.Catalog);
        writer.WriteLengthEncodedString(column.Schema);
        writer.WriteLengthEncodedString(column.Table);
        writer.WriteLengthEncodedString(column.OriginalTable);
        writer.WriteLengthEncodedString(column.Name);
        writer.WriteLengthEncodedString(column.OriginalName);
        writer.WriteByte(FixedFieldsLength);
        writer.WriteUInt16((ushort)(column.CharacterSet != 0 ? column.CharacterSet : DefaultCharacterSet(column.Type)));
        writer.WriteUInt32(column.ColumnLength != 0 ? column.ColumnLength : DefaultLength(column.Type));
        writer.WriteByte((byte)column.Type);
        var flags = column.Flags;
        if (IsNumeric(column.Type))
        {
            flags |= MySqlColumnFlags.Number;
        }

        writer.WriteUInt16((ushort)flags);
        writer.WriteByte(column.Decimals);
        writer.WriteZeros(2);
    }

    private static bool IsNumeric(MySqlColumnType type) => type is MySqlColumnType.Tiny or MySqlColumnType.Short
        or MySqlColumnType.Long or MySqlColumnType.LongLong or MySqlColumnType.Int24 or MySqlColumnType.Year
        or MySqlColumnType.Float or MySqlColumnType.Double or MySqlColumnType.Decimal or MySqlColumnType.NewDecimal;

    private static int DefaultCharacterSet(MySqlColumnType type) =>
        IsNumeric(type) || type is MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp
            or MySqlColumnType.Time or MySqlColumnType.NewDate or MySqlColumnType.Null
            ? CharacterSets.Binary
            : CharacterSets.Utf8Mb3GeneralCi;

    // Display widths only shape the command-line client's table borders; these match what MySQL reports.
    private static uint DefaultLength(MySqlColumnType type) => type switch
    {
        MySqlColumnType.Tiny => 4,
        MySqlColumnType.Short => 6,
        MySqlColumnType.Int24 => 9,
        MySqlColumnType.Long => 11,
        MySqlColumnType.LongLong => 20,
        MySqlColumnType.Year => 4,
        MySqlColumnType.Float => 12,
        MySqlColumnType.Double => 22,
        MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => 65,
        MySqlColumnType.Date or MySqlColumnType.NewDate => 10,
        MySqlColumnType.Time => 10,
        MySqlColumnType.DateTime or MySqlColumnType.Timestamp => 26,
        MySqlColumnType.TinyBlob => 255,
        MySqlColumnType.Blob => 65_535,
        MySqlColumnType.MediumBlob => 16_777_215,
        MySqlColumnType.LongBlob => uint.MaxValue,
        _ => 65_533 * 3,
    };
}
