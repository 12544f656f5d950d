using Syncer.Doris.Thrift;
namespace MiniDoris.Fe.Binlog;

/// <summary>
/// One binlog, the engine's form of Thrift TBinlog. The same object is shared by the db list and the table
/// lists holding it; <see cref="TableRef"/> counts those table lists, as Doris does (and sends it on the wire).
/// </summary>
public sealed class BinlogRecord
{
    public long CommitSeq { get; set; }

    public long Timestamp { get; set; }

    public TBinlogType Type { get; set; }

    public long DbId { get; set; }

    public List<long> TableIds { get; set; } = [];

    /// <summary>The JSON payload; null for DUMMY.</summary>
    public string? Data { get; set; }

    /// <summary>Set only on DUMMY binlogs: -1 for the db dummy, the table id for a table dummy.</summary>
    public long? Belong { get; set; }

    public long TableRef { get; set; }

    public bool RemoveEnableCache { get; set; }

    /// <summary>The table lists this binlog was added to (minidoris bookkeeping, used for GC and restart).</summary>
    public List<long> InTableLists { get; set; } = [];

    /// <summary>Approximate size Doris charges against binlog.max_bytes: 80 + 8 per table id + data length.</summary>
    public long ApproximateSize => 80 + (8L * TableIds.Count) + (Data?.Length ?? 0);

    public static BinlogRecord Dummy(long dbId, long belong, long timestamp) => new()
    {
        CommitSeq = -1,
        Timestamp = timestamp,
        Type = TBinlogType.DUMMY,
        DbId = dbId,
        Belong = belong,
    };
}
