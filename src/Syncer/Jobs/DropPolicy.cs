using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>Whether the syncer may drop target tables and partitions that the source dropped (<c>drop_policy</c>).</summary>
[JsonConverter(typeof(DropPolicyConverter))]
public enum DropPolicy
{
    /// <summary><c>"propagate"</c> (the default, as Doris CCR): a source DROP TABLE / DROP PARTITION is replayed on the target.</summary>
    Propagate = 0,

    /// <summary>
    /// <c>"keep"</c>: the target keeps what the source dropped. The drop binlog is marked done without touching the target
    /// (logged); a table renamed out of a database job's filter is no longer synced but stays on the target.
    /// </summary>
    Keep = 1,
}

/// <summary>JSON words of <see cref="DropPolicy"/>.</summary>
public sealed class DropPolicyConverter() : ChoiceConverter<DropPolicy>(("propagate", DropPolicy.Propagate), ("keep", DropPolicy.Keep));
