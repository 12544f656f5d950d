namespace Syncer.Jobs;

/// <summary>The display strings the API uses for states.</summary>
public static class JobStateNames
{
    /// <summary><c>running</c>, <c>paused</c> or <c>done</c>.</summary>
    public static string Of(JobState state) => state switch
    {
        JobState.Paused => "paused",
        JobState.Done => "done",
        _ => "running",
    };

    /// <summary>The SyncState name, or "Unknown SyncState: N" as the Go syncer prints it.</summary>
    public static string Of(SyncState state) =>
        Enum.IsDefined(state) ? state.ToString() : $"Unknown SyncState: {(int)state}";

    /// <summary><c>db_sync</c> or <c>table_sync</c>.</summary>
    public static string Of(SyncType type) => type == SyncType.TableSync ? "table_sync" : "db_sync";
}
