namespace MiniDoris;

/// <summary>How to start a cluster: the process flags of <c>bin/minidoris</c>.</summary>
public sealed class ClusterOptions
{
    public string Name { get; set; } = "minidoris";

    /// <summary>Where the SQLite state lives; null keeps everything in memory.</summary>
    public string? DataDir { get; set; }

    public int Backends { get; set; } = 1;

    public string Host { get; set; } = "127.0.0.1";

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

    /// <summary>Initial FE config enable_feature_binlog for a new cluster (minidoris default: on).</summary>
    public bool EnableFeatureBinlog { get; set; } = true;

    /// <summary>BE config enable_feature_binlog (minidoris default: on).</summary>
    public bool BeEnableFeatureBinlog { get; set; } = true;

    public TimeProvider Time { get; set; } = TimeProvider.System;
}
