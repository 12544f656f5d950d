using Syncer.Jobs;

namespace Syncer.Engine.Fetch;

/// <summary>What a job watches on its source: the cluster (its FE list and credentials), the database, and the table (0 for a database job).</summary>
public sealed record SourceWatchKey(ClusterSpec Source, long TableId);
