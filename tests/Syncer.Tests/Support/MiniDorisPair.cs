namespace Syncer.Tests.Support;

/// <summary>
/// Two real minidoris processes, a source and a destination cluster, shared by the tests of one class
/// (xUnit class fixture). Tests keep out of each other's way by using <see cref="MiniDorisCluster.UniqueName"/>
/// for every database they create.
/// </summary>
public sealed class MiniDorisPair : IAsyncLifetime
{
    public MiniDorisCluster Src { get; private set; } = null!;

    public MiniDorisCluster Dest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var src = MiniDorisCluster.StartAsync();
        var dest = MiniDorisCluster.StartAsync();
        try
        {
            await Task.WhenAll(src, dest);
        }
        catch
        {
            // One failed to start: stop the other rather than leave it running.
            if (src.IsCompletedSuccessfully) await src.Result.DisposeAsync();
            if (dest.IsCompletedSuccessfully) await dest.Result.DisposeAsync();
            throw;
        }
        Src = await src;
        Dest = await dest;
    }

    public async Task DisposeAsync()
    {
        if (Src is not null) await Src.DisposeAsync();
        if (Dest is not null) await Dest.DisposeAsync();
    }
}
