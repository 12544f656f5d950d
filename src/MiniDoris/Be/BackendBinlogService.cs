using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MiniDoris.Fe;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Be;

/// <summary>
/// The BE side of binlog shipping: <c>/api/_binlog/_download</c> (get_binlog_info, get_rowset_meta,
/// get_segment_file) and <c>/api/show_config</c>, answered per backend. A rowset is served only by a backend
/// holding a replica of its tablet, only while the table has binlog enabled and the version was not
/// garbage-collected, as a Doris BE keeps binlog rowsets.
/// </summary>
public sealed class BackendBinlogService
{
    private readonly DorisCluster _cluster;

    internal BackendBinlogService(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>BE config enable_feature_binlog.</summary>
    public bool FeatureEnabled => _cluster.Options.BeEnableFeatureBinlog;

    /// <summary>Serves <c>/api/_binlog/_download</c> for one backend (HEAD requests get the same answer without the body).</summary>
    public BeHttpResponse Download(long backendId, IReadOnlyDictionary<string, string> query)
    {
        if (!FeatureEnabled)
        {
            return BeHttpResponse.Text(500, "binlog feature is not enabled.");
        }

        if (!query.TryGetValue("method", out var method))
        {
            return BeHttpResponse.Text(400, "missing method parameter");
        }

        return method switch
        {
            "get_binlog_info" => WithLong(query, "tablet_id", tablet => WithLong(query, "binlog_version", version => GetBinlogInfo(backendId, tablet, version))),
            "get_rowset_meta" => WithLong(query, "tablet_id", tablet => WithLong(query, "binlog_version", version =>
                query.TryGetValue("rowset_id", out var rowset) ? GetRowsetMeta(backendId, tablet, rowset, version) : BeHttpResponse.Text(400, "missing rowset_id"))),
            "get_segment_file" => WithLong(query, "tablet_id", tablet => WithLong(query, "segment_index", segment =>
                query.TryGetValue("rowset_id", out var rowset) ? GetSegmentFile(backendId, tablet, rowset, segment) : BeHttpResponse.Text(400, "missing rowset_id"))),
            _ => BeHttpResponse.Text(501, $"invalid method: {method}"),
        };
    }

    public BeHttpResponse GetBinlogInfo(long backendId, long tabletId, long version) => _cluster.WithState(state =>
    {
        var rowset = FindServable(state, backendId, tabletId, version, out var error);
        if (rowset is null)
        {
            return error!;
        }

        var meta = JsonSerializer.Deserialize<RowsetMeta>(rowset.Meta)!;
        return BeHttpResponse.Text(200, $"{meta.RowsetId}:{meta.NumSegments.ToString(CultureInfo.InvariantCulture)}");
    });

    public BeHttpResponse GetRowsetMeta(long backendId, long tabletId, string rowsetId, long version) => _cluster.WithState(state =>
    {
        var rowset = FindServable(state, backendId, tabletId, version, out var error);
        if (rowset is null)
        {
            return error!;
        }

        return rowset.RowsetId != rowsetId
            ? BeHttpResponse.Text(404, $"rowset {rowsetId} not found for tablet {tabletId} version {version}")
            : new BeHttpResponse(200, Encoding.UTF8.GetBytes(rowset.Meta), "application/json");
    });

    public BeHttpResponse GetSegmentFile(long backendId, long tabletId, string rowsetId, long segmentIndex) => _cluster.WithState(state =>
    {
        if (!HoldsReplica(state, backendId, tabletId))
        {
            return BeHttpResponse.Text(404, $"tablet {tabletId} not found");
        }

        var rowset = state.Store.FindRowset(rowsetId);
        if (rowset is null || rowset.TabletId != tabletId || rowset.Data is null || segmentIndex != 0)
        {
            return BeHttpResponse.Text(404, $"segment {segmentIndex} of rowset {rowsetId} not found");
        }

        return new BeHttpResponse(200, rowset.Data, "application/octet-stream");
    });

    /// <summary>
    /// <c>/api/_tablet/_download?token=&amp;file=</c>, the BE's snapshot download (DownloadAction): the token must be the
    /// cluster token (401 otherwise); a directory answers its file names one per line, a file its bytes. Only the BE
    /// that holds a snapshot dir serves it.
    /// </summary>
    public BeHttpResponse TabletDownload(long backendId, IReadOnlyDictionary<string, string> query) => _cluster.WithState(state =>
    {
        var token = query.GetValueOrDefault("token");
        if (string.IsNullOrEmpty(token))
        {
            return BeHttpResponse.Text(401, "[NOT_AUTHORIZED]token is not specified.");
        }

        if (token != state.Image.Token)
        {
            return BeHttpResponse.Text(401, "[NOT_AUTHORIZED]invalid token.");
        }

        if (!query.TryGetValue("file", out var path) || path.Length == 0)
        {
            return BeHttpResponse.Text(400, "parameter file not specified in url.");
        }

        if (state.Store.GetSnapshotFile(path) is { } file && file.BackendId == backendId)
        {
            return new BeHttpResponse(200, file.Data, "application/octet-stream");
        }

        var dir = path.TrimEnd('/') + "/";
        var children = state.Store.ListSnapshotFiles(path)
            .Where(f => f.BackendId == backendId)
            .Select(f => f.Path[dir.Length..].Split('/')[0])
            .Distinct()
            .ToList();
        return children.Count == 0
            ? BeHttpResponse.Text(404, $"[NOT_FOUND]file path is not allowed or does not exist: {path}")
            : BeHttpResponse.Text(200, string.Concat(children.Select(c => c + "\n")));
    });

    /// <summary>The MD5 a BE sends as Content-MD5 (hex) when asked with acquire_md5.</summary>
    public static string Md5Hex(byte[] body) => Convert.ToHexString(MD5.HashData(body)).ToLowerInvariant();

    /// <summary><c>/api/show_config?conf_item=x</c>: a JSON array of [name, type, value, mutable] rows.</summary>
    public BeHttpResponse ShowConfig(string? confItem)
    {
        var configs = new List<string[]>
        {
            new[] { "enable_feature_binlog", "bool", FeatureEnabled ? "true" : "false", "false" },
            new[] { "ingest_binlog_work_pool_size", "int32_t", "-1", "false" },
            new[] { "download_binlog_rate_limit_kbs", "int32_t", "0", "true" },
        };
        var rows = configs.Where(c => confItem is null || c[0] == confItem).ToList();
        return new BeHttpResponse(200, JsonSerializer.SerializeToUtf8Bytes(rows), "application/json");
    }

    private static Storage.StoredRowset? FindServable(ClusterState state, long backendId, long tabletId, long version, out BeHttpResponse? error)
    {
        error = null;
        var location = state.FindTablet(tabletId);
        if (location is null || !location.Tablet.Replicas.Any(r => r.BackendId == backendId))
        {
            error = BeHttpResponse.Text(404, $"tablet {tabletId} not found");
            return null;
        }

        if (!location.Table.BinlogConfig.Enable || version <= state.Image.BinlogGcVersions.GetValueOrDefault(tabletId))
        {
            error = BeHttpResponse.Text(404, $"binlog of tablet {tabletId} version {version} not found");
            return null;
        }

        var rowset = state.Store.FindRowset(tabletId, version);
        if (rowset is null)
        {
            error = BeHttpResponse.Text(404, $"binlog of tablet {tabletId} version {version} not found");
        }

        return rowset;
    }

    private static bool HoldsReplica(ClusterState state, long backendId, long tabletId) =>
        state.FindTablet(tabletId)?.Tablet.Replicas.Any(r => r.BackendId == backendId) ?? false;

    private static BeHttpResponse WithLong(IReadOnlyDictionary<string, string> query, string name, Func<long, BeHttpResponse> next) =>
        query.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? next(value)
            : BeHttpResponse.Text(400, $"invalid or missing {name}");
}
