using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Binlog;

/// <summary>What GC needs to know about the catalog: db and table binlog configs (null when the object is gone).</summary>
public interface IBinlogGcPolicy
{
    BinlogConfig? DbConfig(long dbId);

    BinlogConfig? TableConfig(long dbId, long tableId);

    /// <summary>Called with the partition versions of the last expired UPSERT of a table, so BEs can drop those binlog rowsets.</summary>
    void OnBinlogRowsetsExpired(long dbId, long tableId, IReadOnlyDictionary<long, long> partitionVersions);
}
