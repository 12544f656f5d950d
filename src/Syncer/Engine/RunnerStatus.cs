namespace Syncer.Engine;

/// <summary>
/// What the job runner last did, for /job_status and /metrics: the failure it is retrying (message, attempts, since
/// when) and the last binlog it applied. Written by the runner only; read lock-free.
/// </summary>
public sealed class RunnerStatus
{
    private readonly Lock _lock = new();
    private string? _lastError;
    private int _attempts;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _lastApplied;

    /// <summary>The error of the last failed attempt, null while the job makes progress.</summary>
    public string? LastError { get { lock (_lock) return _lastError; } }

    /// <summary>Failed attempts since the job last made progress.</summary>
    public int Attempts { get { lock (_lock) return _attempts; } }

    /// <summary>When the current run of failures started.</summary>
    public DateTimeOffset? FailingSince { get { lock (_lock) return _failingSince; } }

    /// <summary>When the runner last persisted progress.</summary>
    public DateTimeOffset? LastProgressAt { get { lock (_lock) return _lastApplied; } }

    /// <summary>Records a failed attempt.</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastError = error;
            _attempts++;
            _failingSince ??= now;
        }
    }

    /// <summary>Records progress, clearing the failure.</summary>
    public void Progressed(DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastError = null;
            _attempts = 0;
            _failingSince = null;
            _lastApplied = now;
        }
    }
}
