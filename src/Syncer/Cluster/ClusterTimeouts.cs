namespace Syncer.Cluster;

/// <summary>Time limits for talking to a cluster during checks: connecting (<c>-connect_timeout</c>) and each statement or HTTP call (<c>-rpc_timeout</c>).</summary>
public sealed record ClusterTimeouts(TimeSpan Connect, TimeSpan Call);
