using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// Clusters of three FEs each: while a table job applies loads, the master moves on the source and then on the target.
/// Followers answer NOT_MASTER with the new master's address; every RPC of the engine follows it (the job was created
/// against FE 0 and learnt the others from <c>frontends()</c>), and the target ends equal to the source.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MasterMoveEndToEndTests : IAsyncLifetime
{
    private MiniDorisCluster _src = null!;
    private MiniDorisCluster _dest = null!;
    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync()
    {
        _src = await MiniDorisCluster.StartWithFrontendsAsync(3);
        _dest = await MiniDorisCluster.StartWithFrontendsAsync(3);
        _syncer = await RunningSyncer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _syncer.DisposeAsync();
        await _src.DisposeAsync();
        await _dest.DisposeAsync();
    }

    [Fact]
    public async Task Loads_keep_flowing_while_the_masters_move()
    {
        await TableSyncChecks.CreateSourceAsync(_src, "shop", "orders", rows: ["(1, 1)", "(2, 2)"]);
        await _syncer.CreateAsync(new { name = "moving", src = _src.Spec("shop", "orders"), dest = _dest.Spec("shop_bak", "orders") });
        await WaitEqualAsync();

        await _src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.move_master\" = \"next\")");
        await _src.ExecuteAsync("INSERT INTO shop.orders VALUES (3, 3)", "INSERT INTO shop.orders VALUES (4, 4)");
        await WaitEqualAsync();
        await _dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.move_master\" = \"2\")");
        await _src.ExecuteAsync("INSERT INTO shop.orders VALUES (5, 5)", "INSERT INTO shop.orders VALUES (1, 1)");
        await WaitEqualAsync();
        Assert.Equal("TableIncrementalSync", await TableSyncChecks.ProgressStateAsync(_syncer, "moving"));
    }

    private Task WaitEqualAsync() => TableSyncChecks.WaitEqualAsync(_src, "shop", "orders", _dest, "shop_bak", "orders", () => _syncer.Log.Text);
}
