using Syncer.Cluster;
using Syncer.Jobs;

namespace Syncer;

/// <summary>
/// The outside-world seams of the service. Production uses the defaults; tests replace what they must
/// (a Doris-shaped SQL connector, a clock) while everything else runs for real.
/// </summary>
public sealed record SyncerAppDependencies
{
    /// <summary>Opens SQL sessions to Doris FEs.</summary>
    public IDorisSqlConnector? SqlConnector { get; init; }

    /// <summary>Reads BE configuration over HTTP; default: a real HTTP client.</summary>
    public IBackendConfigProbe? BackendProbe { get; init; }

    /// <summary>Measures replication lag for <c>/get_lag</c>.</summary>
    public IReplicationLagSource? LagSource { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where console logging goes instead of standard output (tests capture it).</summary>
    public TextWriter? Console { get; init; }
}
