using System.Text.Json;
using System.Text.Json.Serialization;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// The meta blob of a local snapshot (Doris: a serialized BackupMeta). minidoris's format is JSON with a marker
/// and the tables as the catalog holds them (schemas, partitions, indexes, tablets, properties); only a minidoris
/// FE reads it, as only a Doris FE reads Doris's.
/// </summary>
public sealed class BackupMeta
{
    public const string Format = "minidoris-backup-meta-1";

    [JsonPropertyName("format")] public string FormatName { get; set; } = Format;

    [JsonPropertyName("tables")] public List<Table> Tables { get; set; } = [];

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>Parses a meta blob; throws <see cref="DorisException"/> "read backup meta failed" when it is not one.</summary>
    public static BackupMeta FromBytes(byte[] bytes)
    {
        try
        {
            var meta = JsonSerializer.Deserialize<BackupMeta>(bytes);
            return meta is { FormatName: Format } ? meta : throw DorisErrors.Generic("read backup meta failed");
        }
        catch (JsonException)
        {
            throw DorisErrors.Generic("read backup meta failed");
        }
    }

    /// <summary>A deep copy of a table through its JSON form.</summary>
    public static T Clone<T>(T table)
        where T : Table => (T)JsonSerializer.Deserialize<Table>(JsonSerializer.Serialize<Table>(table))!;
}
