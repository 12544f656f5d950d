using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// What the syncer does when a target table no longer fits the source table (<c>schema_drift_policy</c>): the target
/// table is missing, was recreated, or its partitions, indexes or tablets no longer pair with the source's (someone
/// changed the target behind the syncer's back), or it existed with another schema when the job was created.
/// </summary>
[JsonConverter(typeof(SchemaDriftPolicyConverter))]
public enum SchemaDriftPolicy
{
    /// <summary><c>"replace"</c> (the default): a full sync of the table restores the source's table over the target's.</summary>
    Replace = 0,

    /// <summary>
    /// <c>"stop"</c>: the target is left as it is and the job is paused with the reason in <c>/job_status</c>
    /// (<c>pause_reason</c>); the operator repairs the target and resumes, or forces a full sync. At creation, an existing
    /// target table with other columns is refused.
    /// </summary>
    Stop = 1,
}

/// <summary>JSON words of <see cref="SchemaDriftPolicy"/>.</summary>
public sealed class SchemaDriftPolicyConverter() : ChoiceConverter<SchemaDriftPolicy>(("replace", SchemaDriftPolicy.Replace), ("stop", SchemaDriftPolicy.Stop));
