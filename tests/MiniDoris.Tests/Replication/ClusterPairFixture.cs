namespace MiniDoris.Tests.Replication;

/// <summary>Two minidoris processes, a source and a target cluster of two BEs each, shared by one test class.</summary>
public sealed class ClusterPairFixture : IAsyncLifetime
{
    public DorisNode Source { get; private set; } = null!;

    public DorisNode Target { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var source = DorisNode.StartAsync(2);
        var target = DorisNode.StartAsync(2);
        Source = await source;
        Target = await target;
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
