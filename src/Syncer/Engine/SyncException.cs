namespace Syncer.Engine;

/// <summary>
/// A failure of a sync step that says what to do about it (Npgsql's <c>IsTransient</c>, widened to the three
/// outcomes a replication job has). Anything else thrown by a step counts as <see cref="SyncErrorKind.Transient"/>.
/// </summary>
public sealed class SyncException(SyncErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What the runner does about it.</summary>
    public SyncErrorKind Kind { get; } = kind;

    /// <summary>Whether retrying the same step unchanged may succeed.</summary>
    public bool IsTransient => Kind == SyncErrorKind.Transient;

    /// <summary>A transient failure.</summary>
    public static SyncException Transient(string message, Exception? inner = null) => new(SyncErrorKind.Transient, message, inner);

    /// <summary>
    /// Metadata drift found on the target side: the target table is missing or recreated, or its layout no longer pairs with
    /// the source's. A full sync repairs it unless the job's <c>schema_drift_policy</c> is <c>stop</c>.
    /// </summary>
    public bool IsTargetDrift { get; private init; }

    /// <summary>Metadata drift of the target (see <see cref="IsTargetDrift"/>).</summary>
    public static SyncException TargetDrift(string message, Exception? inner = null) =>
        new(SyncErrorKind.MetaChanged, message, inner) { IsTargetDrift = true };

    /// <summary>Metadata drift that a full sync repairs.</summary>
    public static SyncException Meta(string message, Exception? inner = null) => new(SyncErrorKind.MetaChanged, message, inner);

    /// <summary>A binlog that cannot be applied as it is.</summary>
    public static SyncException Permanent(string message, Exception? inner = null) => new(SyncErrorKind.Permanent, message, inner);

    /// <summary>The kind of any exception a step threw: <see cref="SyncException.Kind"/>, or transient for everything else.</summary>
    public static SyncErrorKind KindOf(Exception exception) => exception is SyncException s ? s.Kind : SyncErrorKind.Transient;
}
