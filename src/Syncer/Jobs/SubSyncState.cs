using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>The step inside a sync phase (progress <c>sub_sync_state</c>): <c>{state, binlog_type}</c>.</summary>
public sealed record SubSyncState
{
    /// <summary>Idle between steps or binlogs.</summary>
    public static SubSyncState Done { get; } = new() { State = -1, BinlogType = -1 };

    /// <summary>First step of a full or partial sync.</summary>
    public static SubSyncState BeginCreateSnapshot { get; } = new() { State = 0, BinlogType = -1 };

    /// <summary>Step number (docs/doris-facts.md, "Progress steps").</summary>
    [JsonPropertyName("state")] public int State { get; init; }

    /// <summary>Binlog type the step belongs to (0 for upsert steps, -1 otherwise).</summary>
    [JsonPropertyName("binlog_type")] public int BinlogType { get; init; }
}
