using System.IO.Compression;
using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Backup;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Rpc;

/// <summary>getSnapshot and restoreSnapshot (docs/minidoris.md, "Backup" and "Restore").</summary>
public sealed partial class FrontendRpc
{
    public TGetSnapshotResult GetSnapshot(TGetSnapshotRequest request) => Guard(
        () => _cluster.WithState(state => GetSnapshot(state, request)),
        e => new TGetSnapshotResult { Status = ToThrift(e) });

    public TRestoreSnapshotResult RestoreSnapshot(TRestoreSnapshotRequest request) => Guard(
        () => _cluster.WithState(state => RestoreSnapshot(state, request)),
        e => new TRestoreSnapshotResult { Status = ToThrift(e) });

    private static TGetSnapshotResult GetSnapshot(ClusterState state, TGetSnapshotRequest request)
    {
        RequireSet(("user", request.User), ("passwd", request.Passwd), ("db", request.Db), ("label_name", request.LabelName),
            ("snapshot_name", request.SnapshotName), ("snapshot_type", request.SnapshotType));
        if (string.IsNullOrEmpty(request.Token))
        {
            if (!state.Auth.CheckPassword(request.User!, request.Passwd!))
            {
                throw DorisErrors.AccessDenied(request.User!, request.Passwd!.Length > 0);
            }

            if (!state.Auth.HasPrivilege(request.User!, Privilege.Select, request.Db, string.IsNullOrEmpty(request.Table) ? null : request.Table))
            {
                throw DorisErrors.Generic("Access denied; you need (at least one of) the SELECT privilege(s) for this operation");
            }
        }

        if (request.SnapshotType != TSnapshotType.LOCAL)
        {
            throw DorisErrors.Generic($"invalid snapshot type: {request.SnapshotType}");
        }

        BackupHandler.ExpireSnapshots(state);
        var label = request.LabelName!;
        if (!state.Image.Snapshots.TryGetValue(label, out var snapshot))
        {
            return new TGetSnapshotResult { Status = new TStatus { StatusCode = TStatusCode.SNAPSHOT_NOT_EXIST, ErrorMsgs = [$"snapshot {label} not exist"] } };
        }

        if (snapshot.Released || snapshot.ExpireAt <= state.NowMs())
        {
            return new TGetSnapshotResult { Status = new TStatus { StatusCode = TStatusCode.SNAPSHOT_EXPIRED, ErrorMsgs = [$"snapshot {label} is expired"] } };
        }

        var meta = state.Store.GetSnapshotFile(snapshot.MetaPath)?.Data ?? [];
        var jobInfo = state.Store.GetSnapshotFile(snapshot.JobInfoPath)?.Data ?? [];
        var compress = request.EnableCompress == true;
        return new TGetSnapshotResult
        {
            Status = new TStatus { StatusCode = TStatusCode.OK },
            Meta = compress ? Gzip(meta) : meta,
            JobInfo = compress ? Gzip(jobInfo) : jobInfo,
            Compressed = compress ? true : null,
            ExpiredAt = snapshot.ExpireAt,
            CommitSeq = snapshot.CommitSeq,
        };
    }

    private static TRestoreSnapshotResult RestoreSnapshot(ClusterState state, TRestoreSnapshotRequest request)
    {
        RequireSet(("user", request.User), ("passwd", request.Passwd), ("db", request.Db), ("label_name", request.LabelName),
            ("repo_name", request.RepoName), ("meta", request.Meta), ("job_info", request.JobInfo));
        if (string.IsNullOrEmpty(request.Token))
        {
            if (!state.Auth.CheckPassword(request.User!, request.Passwd!))
            {
                throw DorisErrors.AccessDenied(request.User!, request.Passwd!.Length > 0);
            }

            if (!state.Auth.HasPrivilege(request.User!, Privilege.Load, request.Db))
            {
                throw DorisErrors.Generic("Access denied; you need (at least one of) the LOAD privilege(s) for this operation");
            }
        }

        var meta = request.Meta!;
        var jobInfo = request.JobInfo!;
        if (request.Compressed == true)
        {
            if (!state.Config.GetBool("enable_restore_snapshot_rpc_compression"))
            {
                throw DorisErrors.Generic("The request is compressed, but the config `enable_restore_snapshot_rpc_compression` is not enabled.");
            }

            meta = Gunzip(meta);
            jobInfo = Gunzip(jobInfo);
        }

        var properties = new List<KeyValuePair<string, string>>(request.Properties ?? []);
        if (request.CleanTables == true)
        {
            properties.Add(new("clean_tables", "true"));
        }

        if (request.CleanPartitions == true)
        {
            properties.Add(new("clean_partitions", "true"));
        }

        if (request.AtomicRestore == true)
        {
            properties.Add(new("atomic_restore", "true"));
        }

        if (request.ForceReplace == true)
        {
            properties.Add(new("force_replace", "true"));
        }

        // restoreSnapshot always marks the restored tables as CCR targets.
        properties.RemoveAll(p => p.Key == "is_being_synced");
        properties.Add(new("is_being_synced", "true"));
        var refs = (request.TableRefs ?? []).Select(r => (r.Table ?? string.Empty, r.AliasName)).ToList();
        RestoreHandler.Submit(state, new RestoreRequest(request.Db!, request.LabelName!, request.RepoName!, refs, properties, meta, jobInfo));
        return new TRestoreSnapshotResult { Status = new TStatus { StatusCode = TStatusCode.OK } };
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw DorisErrors.Generic("failed to decompress the request: " + e.Message);
        }
    }
}
