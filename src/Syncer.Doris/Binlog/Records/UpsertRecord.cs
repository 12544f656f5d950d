using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>UPSERT payload: one visible load transaction and the partition versions it produced per table.</summary>
public sealed class UpsertRecord
{
    [JsonPropertyName("commitSeq")] public long CommitSeq { get; set; }

    [JsonPropertyName("txnId")] public long TxnId { get; set; }

    [JsonPropertyName("timeStamp")] public long TimeStamp { get; set; }

    [JsonPropertyName("label")] public string Label { get; set; } = string.Empty;

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableRecords")] public Dictionary<long, UpsertTableRecord> TableRecords { get; set; } = [];

    /// <summary>
    /// Sub-transaction ids (newest Doris, absent before): set for a transactional insert of several statements, whose
    /// statements each gave the partitions they wrote a version of their own.
    /// </summary>
    [JsonPropertyName("stids")] public List<long>? SubTxnIds { get; set; }

    /// <summary>Partition id → version of one table's records in an UPSERT payload.</summary>
    public static Dictionary<long, long> PartitionVersionsOf(string json, long tableId)
    {
        var result = new Dictionary<long, long>();
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.TryGetProperty("tableRecords", out var tables)
            && tables.TryGetProperty(tableId.ToString(CultureInfo.InvariantCulture), out var table)
            && table.TryGetProperty("partitionRecords", out var partitions))
        {
            foreach (var p in partitions.EnumerateArray())
            {
                result[p.GetProperty("partitionId").GetInt64()] = p.GetProperty("version").GetInt64();
            }
        }

        return result;
    }
}

/// <summary>The partitions and indexes one table got in an UPSERT.</summary>
public sealed class UpsertTableRecord
{
    [JsonPropertyName("partitionRecords")] public List<UpsertPartitionRecord> PartitionRecords { get; set; } = [];

    [JsonPropertyName("indexIds")] public List<long> IndexIds { get; set; } = [];
}

/// <summary>One partition's new version in an UPSERT.</summary>
public sealed class UpsertPartitionRecord
{
    [JsonPropertyName("partitionId")] public long PartitionId { get; set; }

    [JsonPropertyName("range")] public string Range { get; set; } = string.Empty;

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("isTempPartition")] public bool IsTempPartition { get; set; }
}
