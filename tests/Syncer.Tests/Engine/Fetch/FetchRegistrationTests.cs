using Syncer.Cluster;
using Syncer.Engine.Fetch;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Fetch;

public sealed class FetchRegistrationTests
{
    [Fact]
    public async Task The_service_shares_one_watcher_one_budget_and_one_client_factory()
    {
        await using var syncer = await RunningSyncer.StartAsync(configure: o => o.MaxGetBinlogPerSecond = 7);
        var notifier = syncer.Service.Get<IBinlogChangeNotifier>();
        Assert.IsType<SharedBinlogWatcher>(notifier);
        Assert.Same(notifier, syncer.Service.Get<SharedBinlogWatcher>());
        Assert.Same(notifier, syncer.Service.Get<IBinlogChangeNotifier>());
        Assert.Equal(7, syncer.Service.Get<FrontendCallBudget>().PerSecond);
        Assert.Same(syncer.Service.Get<FrontendClientFactory>(), syncer.Service.Get<FrontendClientFactory>());
    }
}
