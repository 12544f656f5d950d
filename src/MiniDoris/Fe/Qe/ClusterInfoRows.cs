using System.Globalization;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Qe;

/// <summary>The rows of SHOW FRONTENDS / frontends() and SHOW BACKENDS / backends(), with Doris 2.1's columns.</summary>
public static class ClusterInfoRows
{
    public static readonly string[] FrontendColumns =
    [
        "Name", "Host", "EditLogPort", "HttpPort", "QueryPort", "RpcPort", "ArrowFlightSqlPort", "Role", "IsMaster",
        "ClusterId", "Join", "Alive", "ReplayedJournalId", "LastStartTime", "LastHeartbeat", "IsHelper", "ErrMsg",
        "Version", "CurrentConnected",
    ];

    public static readonly string[] BackendColumns =
    [
        "BackendId", "Host", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "ArrowFlightSqlPort", "LastStartTime",
        "LastHeartbeat", "Alive", "SystemDecommissioned", "TabletNum", "DataUsedCapacity", "TrashUsedCapacity",
        "AvailCapacity", "TotalCapacity", "UsedPct", "MaxDiskUsedPct", "RemoteUsedCapacity", "Tag", "ErrMsg", "Version",
        "Status", "HeartbeatFailureCounter", "NodeRole", "CpuCores", "Memory",
    ];

    /// <summary>
    /// One row per FE, FE 0 first: every FE is a FOLLOWER by role (as Doris shows the master too), IsMaster marks the
    /// current master and CurrentConnected the FE the asking session is connected to.
    /// </summary>
    public static List<string?[]> Frontends(ClusterState state, ClusterOptions options, int master = 0, int currentFrontend = 0)
    {
        var now = Format(state.NowMs());
        var ports = options.FrontendPorts.Count > 0 ? options.FrontendPorts : [(options.QueryPort, options.RpcPort)];
        var rows = new List<string?[]>();
        for (var i = 0; i < ports.Count; i++)
        {
            var editLogPort = options.EditLogPort == 0 ? 0 : options.EditLogPort + i;
            var suffix = ports.Count == 1 ? I(editLogPort) : I(editLogPort) + "_" + I(i);
            rows.Add(
            [
                $"fe_{options.Host.Replace('.', '_')}_{suffix}", options.Host, I(editLogPort), I(options.HttpPort), I(ports[i].QueryPort),
                I(ports[i].RpcPort), "-1", "FOLLOWER", i == master ? "true" : "false", I(state.Image.ClusterId), "true", "true",
                I(state.Image.NextJournalId - 1), now, now, i == 0 ? "true" : "false", string.Empty,
                SessionVariables.VersionComment.Replace("Doris version ", string.Empty, StringComparison.Ordinal), i == currentFrontend ? "Yes" : "No",
            ]);
        }

        return rows;
    }

    public static List<string?[]> Backends(ClusterState state)
    {
        var tabletCounts = new Dictionary<long, int>();
        foreach (var table in state.Databases.SelectMany(d => d.OlapTables))
        {
            foreach (var replica in table.AllPartitions().SelectMany(p => p.AllTablets()).SelectMany(t => t.Replicas))
            {
                tabletCounts[replica.BackendId] = tabletCounts.GetValueOrDefault(replica.BackendId) + 1;
            }
        }

        var now = Format(state.NowMs());
        return state.Backends.Select(b => new string?[]
        {
            b.Id.ToString(CultureInfo.InvariantCulture), b.Host, I(b.HeartbeatPort), I(b.BePort), I(b.HttpPort), I(b.BrpcPort), "-1",
            Format(b.LastStartTime), now, b.IsAlive ? "true" : "false", "false", I(tabletCounts.GetValueOrDefault(b.Id)),
            "0.000 ", "0.000 ", "1.000 TB", "1.000 TB", "0.00 %", "0.00 %", "0.000 ", "{\"location\" : \"default\"}", string.Empty,
            SessionVariables.VersionComment.Replace("Doris version ", string.Empty, StringComparison.Ordinal),
            "{\"lastSuccessReportTabletsTime\":\"" + now + "\",\"lastStreamLoadTime\":-1,\"isQueryDisabled\":false,\"isLoadDisabled\":false}",
            "0", "mix", "2", "8.00 GB",
        }).ToList();
    }

    /// <summary>Doris's "yyyy-MM-dd HH:mm:ss" time format; non-positive times print as NULL.</summary>
    public static string? Format(long ms) =>
        ms <= 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
