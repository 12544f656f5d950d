namespace Syncer.Jobs;

/// <summary>Where a named job lives: nowhere, on another instance (redirect there), or here.</summary>
public abstract record JobLookup
{
    private JobLookup() { }

    /// <summary>No job has that name.</summary>
    public sealed record NotFound(string Name) : JobLookup;

    /// <summary>Another instance (<c>host:port</c>) owns the job.</summary>
    public sealed record OwnedElsewhere(string Name, string Owner) : JobLookup;

    /// <summary>This instance owns the job.</summary>
    public sealed record Local(ManagedJob Job) : JobLookup;
}
