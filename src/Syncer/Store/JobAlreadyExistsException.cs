namespace Syncer.Store;

/// <summary>A job with that name is already stored.</summary>
public sealed class JobAlreadyExistsException(string name) : StoreException($"job {name} already exist")
{
    /// <summary>The job name.</summary>
    public string JobName { get; } = name;
}
