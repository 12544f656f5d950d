using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// The syncer's full sync (docs/doris-facts.md, "Progress steps"): BACKUP on the source, SHOW BACKUP until FINISHED, getSnapshot,
/// getMasterToken and SHOW BACKENDS for extra_info (added by editing the JSON tree), restoreSnapshot on the target,
/// SHOW RESTORE until FINISHED.
/// </summary>
public static class FullSync
{
    public static async Task BackupAsync(DorisNode source, string db, string label, string on)
    {
        await source.ExecAsync($"BACKUP SNAPSHOT `{db}`.`{label}` TO `__keep_on_local__` ON ( {on} ) PROPERTIES (\"type\" = \"full\")");
        await WaitBackupAsync(source, db, label, "FINISHED");
    }

    public static async Task<Syncer.Wire.MySql.MySqlRow> WaitBackupAsync(DorisNode node, string db, string label, string state) =>
        await Eventually.UntilAsync(
            async () => (await node.QueryAsync($"SHOW BACKUP FROM `{db}` WHERE SnapshotName = \"{label}\"")).Rows.Single(),
            r => r.GetString("State") == state || (r.GetString("State") is "FINISHED" or "CANCELLED"),
            $"backup {label} {state}") is var row && row.GetString("State") == state
            ? row
            : throw new InvalidOperationException($"backup {label} ended {row.GetString("State")}: {row.GetString("Status")}");

    public static async Task<TGetSnapshotResult> GetSnapshotAsync(DorisNode source, string db, string label, bool compress = false, string table = "")
    {
        var result = await source.Fe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = "root", Passwd = string.Empty, Db = db, Table = table, LabelName = label, SnapshotName = string.Empty,
            SnapshotType = TSnapshotType.LOCAL, EnableCompress = compress ? true : null,
        }, CancellationToken.None);
        Assert.True(result.Status!.StatusCode == TStatusCode.OK, string.Join(";", result.Status.ErrorMsgs ?? []));
        return result;
    }

    /// <summary>job_info with extra_info added: the source BEs' HTTP addresses (SHOW BACKENDS) and the master token.</summary>
    public static async Task<byte[]> WithExtraInfoAsync(DorisNode source, byte[] jobInfo, string? tokenOverride = null)
    {
        var token = await source.Fe.GetMasterTokenAsync(new TGetMasterTokenRequest { Cluster = string.Empty, User = "root", Password = string.Empty }, CancellationToken.None);
        var backends = await source.QueryAsync("SHOW BACKENDS");
        var map = new JsonObject();
        foreach (var row in backends.Rows)
        {
            map[row.GetString("BackendId")] = new JsonObject { ["ip"] = row.GetString("Host"), ["port"] = int.Parse(row.GetString("HttpPort"), CultureInfo.InvariantCulture) };
        }

        var tree = JsonNode.Parse(jobInfo)!.AsObject();
        tree["extra_info"] = new JsonObject { ["be_network_map"] = map, ["token"] = tokenOverride ?? token.Token };
        return Encoding.UTF8.GetBytes(tree.ToJsonString());
    }

    public static TRestoreSnapshotRequest RestoreRequest(string db, string label, byte[] meta, byte[] jobInfo) => new()
    {
        User = "root",
        Passwd = string.Empty,
        Db = db,
        Table = string.Empty,
        LabelName = label,
        RepoName = "__keep_on_local__",
        Properties = new Dictionary<string, string> { ["reserve_replica"] = "true" },
        Meta = meta,
        JobInfo = jobInfo,
    };

    public static async Task<Syncer.Wire.MySql.MySqlRow> WaitRestoreAsync(DorisNode node, string db, string label, params string[] states) =>
        await Eventually.UntilAsync(
            async () => (await node.QueryAsync($"SHOW RESTORE FROM `{db}` WHERE Label = \"{label}\"")).Rows.Single(),
            r => states.Contains(r.GetString("State")) || r.GetString("State") is "FINISHED" or "CANCELLED",
            $"restore {label} {string.Join("/", states)}");

    /// <summary>Everything from BACKUP to a FINISHED restore; returns the snapshot's job_info.</summary>
    public static async Task<JsonObject> RunAsync(DorisNode source, DorisNode target, string srcDb, string dstDb, string label, string on,
        Action<TRestoreSnapshotRequest>? adjust = null)
    {
        await BackupAsync(source, srcDb, label, on);
        var snapshot = await GetSnapshotAsync(source, srcDb, label);
        var request = RestoreRequest(dstDb, label + "_r", snapshot.Meta!, await WithExtraInfoAsync(source, snapshot.JobInfo!));
        adjust?.Invoke(request);
        var restore = await target.Fe.RestoreSnapshotAsync(request, CancellationToken.None);
        Assert.True(restore.Status!.StatusCode == TStatusCode.OK, string.Join(";", restore.Status.ErrorMsgs ?? []));
        var row = await WaitRestoreAsync(target, dstDb, label + "_r", "FINISHED");
        Assert.True(row.GetString("State") == "FINISHED", row.GetString("Status") + " " + row.GetString("TaskErrMsg"));
        return JsonNode.Parse(snapshot.JobInfo!)!.AsObject();
    }
}
