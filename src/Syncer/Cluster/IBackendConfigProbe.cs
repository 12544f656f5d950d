namespace Syncer.Cluster;

/// <summary>Reads a BE configuration item through the BE HTTP endpoint <c>/api/show_config?conf_item=…</c>.</summary>
public interface IBackendConfigProbe
{
    /// <summary>The rows the BE returns for <paramref name="item"/> (each row: name, type, value, mutable).</summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> ShowConfigAsync(string host, int httpPort, string item, CancellationToken cancellationToken);
}
