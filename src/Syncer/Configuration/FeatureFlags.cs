namespace Syncer.Configuration;

/// <summary>
/// The Go syncer's <c>feature_*</c> switches with the same names and defaults. They change sync-engine
/// behaviour; the service only parses them and reports them through <c>/features</c>.
/// </summary>
public sealed class FeatureFlags
{
    /// <summary>Schema change → partial sync of the table instead of a full sync.</summary>
    public bool SchemaChangePartialSync { get; set; } = true;

    /// <summary>Ask the restore to drop dest tables/partitions absent from the snapshot (off: a Doris bug erases views).</summary>
    public bool CleanTableAndPartitions { get; set; }

    /// <summary>Restore into hidden tables and swap, so the destination stays readable during a full sync.</summary>
    public bool AtomicRestore { get; set; } = true;

    /// <summary>Drop an existing view before replaying a CREATE VIEW.</summary>
    public bool CreateViewDropExists { get; set; } = true;

    /// <summary>On a signature mismatch restore into an alias table and swap it in, instead of dropping.</summary>
    public bool ReplaceNotMatchedWithAlias { get; set; } = true;

    /// <summary>Skip upserts aimed at shadow indexes of a running schema change.</summary>
    public bool FilterShadowIndexesUpsert { get; set; } = true;

    /// <summary>Cancel the syncer's own still-running backups before starting a new one.</summary>
    public bool CancelConflictBackupRestoreJob { get; set; }
}
