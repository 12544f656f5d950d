using Syncer.Tests.Support;

namespace Syncer.Tests.EndToEnd;

/// <summary>
/// The binlog feature checks of /create_ccr (docs/api.md, <c>/create_ccr</c> cluster checks) against real minidoris processes whose FE or
/// BEs have <c>enable_feature_binlog</c> off: switched at runtime with ADMIN SET FRONTEND CONFIG, or at start
/// with minidoris's --enable-feature-binlog / --be-enable-feature-binlog flags.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BinlogFeatureEndToEndTests(BinlogFeatureEndToEndTests.Clusters clusters)
    : IClassFixture<BinlogFeatureEndToEndTests.Clusters>, IAsyncLifetime
{
    /// <summary>One cluster with everything on, one started with its FE feature off, one with two BEs whose feature is off.</summary>
    public sealed class Clusters : IAsyncLifetime
    {
        public MiniDorisCluster Normal { get; private set; } = null!;

        public MiniDorisCluster FeOff { get; private set; } = null!;

        public MiniDorisCluster BeOff { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var normal = MiniDorisCluster.StartAsync();
            var feOff = MiniDorisCluster.StartAsync(1, "--enable-feature-binlog", "false");
            var beOff = MiniDorisCluster.StartAsync(2, "--be-enable-feature-binlog", "false");
            try
            {
                await Task.WhenAll(normal, feOff, beOff);
            }
            finally
            {
                // Keep whatever started, so DisposeAsync stops it even when another one failed.
                Normal = normal.IsCompletedSuccessfully ? normal.Result : null!;
                FeOff = feOff.IsCompletedSuccessfully ? feOff.Result : null!;
                BeOff = beOff.IsCompletedSuccessfully ? beOff.Result : null!;
            }
            await Normal.CreateDatabaseAsync("demo", binlog: true, ["orders"]);
        }

        public async Task DisposeAsync()
        {
            foreach (var cluster in new[] { Normal, FeOff, BeOff })
            {
                if (cluster is not null) await cluster.DisposeAsync();
            }
        }
    }

    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    private Task<string> CreateFailureAsync(MiniDorisCluster src, MiniDorisCluster dest) =>
        _syncer.CreateFailureAsync(new { name = "j", src = src.Spec("demo", "orders"), dest = dest.Spec("demo_bak", "orders") });

    [Fact]
    public async Task Fe_feature_switched_off_at_runtime_is_named_and_switching_it_on_again_is_enough()
    {
        var normal = clusters.Normal;
        await normal.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"enable_feature_binlog\" = \"false\")");
        try
        {
            Assert.Equal($"src cluster {normal.Address}: FE {normal.Address} enable_feature_binlog=false, please set it true in fe.conf",
                await CreateFailureAsync(normal, normal));
        }
        finally
        {
            await normal.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"enable_feature_binlog\" = \"true\")");
        }
        await _syncer.CreateAsync(new { name = "j", src = normal.Spec("demo", "orders"), dest = normal.Spec("demo_bak", "orders") });
    }

    [Fact]
    public async Task Fe_started_with_the_feature_off_is_named_on_the_dest_side_too()
    {
        var feOff = clusters.FeOff;
        Assert.Equal($"dest cluster {feOff.Address}: FE {feOff.Address} enable_feature_binlog=false, please set it true in fe.conf",
            await CreateFailureAsync(clusters.Normal, feOff));
    }

    [Fact]
    public async Task Bes_with_the_feature_off_are_all_listed()
    {
        var beOff = clusters.BeOff;
        Assert.Equal(2, beOff.BackendHttpAddresses.Count);
        Assert.Equal($"dest cluster {beOff.Address}: BE [{string.Join(", ", beOff.BackendHttpAddresses)}] enable_feature_binlog=false, please set it true in be.conf",
            await CreateFailureAsync(clusters.Normal, beOff));
        Assert.Equal($"src cluster {beOff.Address}: BE [{string.Join(", ", beOff.BackendHttpAddresses)}] enable_feature_binlog=false, please set it true in be.conf",
            await CreateFailureAsync(beOff, clusters.Normal));
    }
}
