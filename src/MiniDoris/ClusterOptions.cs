namespace MiniDoris;

/// <summary>How to start a cluster: the process flags of <c>bin/minidoris</c>.</summary>
public sealed class ClusterOptions
{
    public string Name { get; set; } = "minidoris";

    /// <summary>Where the SQLite state lives; null keeps everything in memory.</summary>
    public string? DataDir { get; set; }

    public int Backends { get; set; } = 1;

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>FE 0's query port (the first FE; see <see cref="FrontendPorts"/> for all of them).</summary>
    public int QueryPort { get; set; }

    public int RpcPort { get; set; }

    public int HttpPort { get; set; }

    public int EditLogPort { get; set; }

    /// <summary>First BE thrift port; BE i gets BePort + i.</summary>
    public int BePort { get; set; }

    /// <summary>First BE HTTP port; BE i gets BeHttpPort + i.</summary>
    public int BeHttpPort { get; set; }

    /// <summary>
    /// The Thrift and HTTP ports each backend actually bound (set once the process listens); when present they
    /// win over <see cref="BePort"/> + i and <see cref="BeHttpPort"/> + i.
    /// </summary>
    public IReadOnlyList<(int BePort, int HttpPort)> BoundBackendPorts { get; set; } = [];

    /// <summary>How many FEs the process runs (one master, the rest followers).</summary>
    public int Frontends { get; set; } = 1;

    /// <summary>Which FE is master right now (runtime state, not a flag: a failover changes it; a restart resets it to 0).</summary>
    public int MasterFrontend { get; set; }

    /// <summary>The query and rpc ports each FE bound, FE 0 first (set once the process listens).</summary>
    public IReadOnlyList<(int QueryPort, int RpcPort)> FrontendPorts { get; set; } = [];

    /// <summary>Initial FE config enable_feature_binlog for a new cluster (minidoris default: on).</summary>
    public bool EnableFeatureBinlog { get; set; } = true;

    /// <summary>BE config enable_feature_binlog (minidoris default: on).</summary>
    public bool BeEnableFeatureBinlog { get; set; } = true;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Makes another FE the master (a failover); null picks the next FE in order. Returns the new master.</summary>
    public int MoveMaster(int? to = null)
    {
        var count = Math.Max(1, Frontends);
        var target = to ?? ((MasterFrontend + 1) % count);
        if (target < 0 || target >= count)
        {
            throw Fe.DorisErrors.Generic($"minidoris has no frontend {target}: frontends are 0..{count - 1}");
        }

        MasterFrontend = target;
        return target;
    }
}
