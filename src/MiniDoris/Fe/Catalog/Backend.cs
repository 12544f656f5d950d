namespace MiniDoris.Fe.Catalog;

/// <summary>A backend (BE) node of the emulated cluster and its ports.</summary>
public sealed class Backend
{
    public long Id { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int HeartbeatPort { get; set; }

    public int BePort { get; set; }

    public int HttpPort { get; set; }

    public int BrpcPort { get; set; }

    public bool IsAlive { get; set; } = true;

    public long LastStartTime { get; set; }
}
