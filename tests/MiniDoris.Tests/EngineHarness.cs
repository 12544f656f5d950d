using MiniDoris.Fe;
using MiniDoris.Fe.Qe;

namespace MiniDoris.Tests;

/// <summary>An in-process cluster with a root session and helpers to run SQL and read results.</summary>
public sealed class EngineHarness : IDisposable
{
    public EngineHarness(int backends = 1, string? dataDir = null, ManualTimeProvider? time = null, bool enableBinlogFeature = true)
    {
        Time = time ?? new ManualTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        Options = new ClusterOptions
        {
            Backends = backends,
            DataDir = dataDir,
            Time = Time,
            QueryPort = 19030,
            RpcPort = 19020,
            BePort = 19060,
            BeHttpPort = 18040,
            EnableFeatureBinlog = enableBinlogFeature,
        };
        Cluster = DorisCluster.Start(Options);
        Session = Cluster.OpenSession("root");
    }

    public ManualTimeProvider Time { get; }

    public ClusterOptions Options { get; }

    public DorisCluster Cluster { get; private set; }

    public SessionContext Session { get; private set; }

    /// <summary>Runs one or more statements and returns the last result.</summary>
    public QueryResult Sql(string sql) => Cluster.Execute(Session, sql)[^1];

    /// <summary>Runs a query and returns its rows.</summary>
    public IReadOnlyList<string?[]> Rows(string sql) => Sql(sql).Rows;

    /// <summary>Runs a query and returns each row joined with '|' (NULL as \N), for compact assertions.</summary>
    public List<string> Lines(string sql) => Rows(sql).Select(r => string.Join("|", r.Select(v => v ?? "\\N"))).ToList();

    public string Scalar(string sql) => Rows(sql)[0][0] ?? "\\N";

    public DorisException Fails(string sql) => Assert.Throws<DorisException>(() => Sql(sql));

    /// <summary>Restarts the cluster on the same data directory (a process restart).</summary>
    public void Restart()
    {
        Cluster.Dispose();
        Cluster = DorisCluster.Start(Options);
        Session = Cluster.OpenSession("root");
    }

    public void Dispose() => Cluster.Dispose();
}
