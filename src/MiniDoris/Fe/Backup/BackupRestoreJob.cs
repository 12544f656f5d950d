using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// What BACKUP and RESTORE jobs share (Doris's AbstractJob): the label, the db, the state, the times and the
/// status. Jobs live in the cluster image, so they and their history survive a restart.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BackupJob), "BACKUP")]
[JsonDerivedType(typeof(RestoreJob), "RESTORE")]
public abstract class BackupRestoreJob
{
    public long JobId { get; set; }

    public string Label { get; set; } = string.Empty;

    public long DbId { get; set; }

    public string DbName { get; set; } = string.Empty;

    public string State { get; set; } = "PENDING";

    public long CreateTime { get; set; }

    public long FinishedTime { get; set; } = -1;

    public long TimeoutMs { get; set; }

    /// <summary>Doris's Status: OK, or an ErrCode name with a message.</summary>
    public string StatusCode { get; set; } = "OK";

    public string StatusMessage { get; set; } = string.Empty;

    /// <summary>When the job entered its current state (ms), for the per-state delay fault.</summary>
    public long StateTime { get; set; }

    /// <summary>Per task: the last error a BE reported (SHOW ... TaskErrMsg).</summary>
    public Dictionary<string, string> TaskErrors { get; set; } = [];

    [JsonIgnore]
    public abstract bool IsDone { get; }

    /// <summary>"[OK]" or "[CODE, msg: text]", as Doris's backup Status prints.</summary>
    public string StatusText => StatusCode == "OK" ? "[OK]" : $"[{StatusCode}, msg: {StatusMessage}]";

    public void Fail(string code, string message)
    {
        StatusCode = code;
        StatusMessage = message;
    }
}

/// <summary>One table of a BACKUP's ON (...) list, with its PARTITION (...) names if given.</summary>
public sealed record BackupTableRef(string Table, List<string>? Partitions);
