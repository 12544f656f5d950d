using System.Globalization;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// Names of snapshot storage: BE snapshot dirs (<c>/minidoris/be_&lt;id&gt;/snapshot/&lt;time&gt;.&lt;job&gt;.&lt;timeout&gt;</c>,
/// then <c>/&lt;tablet&gt;/&lt;schema hash&gt;/</c> as in a Doris BE) and the FE's blobs.
/// </summary>
public static class SnapshotPaths
{
    public static string SnapshotRoot(long backendId, string snapshotName) =>
        $"/minidoris/be_{backendId.ToString(CultureInfo.InvariantCulture)}/snapshot/{snapshotName}";

    public static string TabletDir(string root, long tabletId, int schemaHash) =>
        $"{root}/{tabletId.ToString(CultureInfo.InvariantCulture)}/{schemaHash.ToString(CultureInfo.InvariantCulture)}";

    public static string FeBlob(long jobId, string name) => $"/minidoris/fe/snapshot/{jobId.ToString(CultureInfo.InvariantCulture)}/{name}";

    public static string FeJobDir(long jobId) => $"/minidoris/fe/snapshot/{jobId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The header file of a tablet snapshot dir.</summary>
    public static string HeaderName(long tabletId) => tabletId.ToString(CultureInfo.InvariantCulture) + ".hdr";

    /// <summary>A rowset's segment file.</summary>
    public static string SegmentName(string rowsetId) => rowsetId + "_0.dat";
}
