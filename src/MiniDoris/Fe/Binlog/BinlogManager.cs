using System.Text.Json;
using MiniDoris.Storage;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Binlog;

/// <summary>
/// Records, serves and garbage-collects binlogs the way Doris's BinlogManager/DBBinlog/TableBinlog do
/// (docs/minidoris.md, "Binlogs"): per-db and per-table lists headed by DUMMYs, CREATE/DROP_TABLE only in
/// the db list, reads answering OK/TOO_OLD/TOO_NEW/NOT_FOUND, and GC by ttl, bytes and count moving the DUMMYs.
/// </summary>
public sealed class BinlogManager
{
    /// <summary>Doris clamps num_acquired to this many binlogs per getBinlog call.</summary>
    public const int MaxBatch = 255;

    private readonly ClusterStore _store;
    private readonly Dictionary<long, DbBinlog> _dbs = [];

    public BinlogManager(ClusterStore store)
    {
        _store = store;
    }

    /// <summary>FE config enable_feature_binlog; nothing is recorded while it is off.</summary>
    public bool FeatureEnabled { get; set; } = true;

    public DbBinlog? FindDb(long dbId) => _dbs.GetValueOrDefault(dbId);

    public IEnumerable<DbBinlog> AllDbs => _dbs.Values;

    /// <summary>
    /// Records a binlog if the feature and the gate allow it. Returns the record, or null when it was dropped.
    /// </summary>
    public BinlogRecord? Add(
        long dbId,
        TBinlogType type,
        IReadOnlyList<long> tableIds,
        string? data,
        long commitSeq,
        long timestamp,
        BinlogGate gate,
        DroppedIds? dropped = null)
    {
        if (!FeatureEnabled)
        {
            return null;
        }

        var enabled = tableIds.Count switch
        {
            0 => gate.DbEnabled,
            1 => gate.IsTableEnabled(tableIds[0]),
            _ => tableIds.Any(gate.IsTableEnabled),
        };
        if (!enabled)
        {
            return null;
        }

        var record = new BinlogRecord
        {
            CommitSeq = commitSeq,
            Timestamp = timestamp,
            Type = type,
            DbId = dbId,
            TableIds = [.. tableIds],
            Data = data,
            RemoveEnableCache = type is TBinlogType.ALTER_DATABASE_PROPERTY or TBinlogType.MODIFY_TABLE_PROPERTY,
        };

        var db = GetOrCreateDb(dbId, timestamp);
        db.All.Append(record);
        if (type is not (TBinlogType.CREATE_TABLE or TBinlogType.DROP_TABLE))
        {
            foreach (var tableId in tableIds)
            {
                if (gate.DbEnabled || gate.IsTableEnabled(tableId))
                {
                    db.GetOrCreateTableList(tableId, timestamp).Append(record);
                    record.InTableLists.Add(tableId);
                }
            }
        }

        record.TableRef = record.InTableLists.Count;
        if (dropped is not null)
        {
            db.DroppedPartitions.AddRange(dropped.Partitions.Select(id => new DroppedObject(id, commitSeq)));
            db.DroppedTables.AddRange(dropped.Tables.Select(id => new DroppedObject(id, commitSeq)));
            db.DroppedIndexes.AddRange(dropped.Indexes.Select(id => new DroppedObject(id, commitSeq)));
        }

        _store.InsertBinlog(new StoredBinlog(
            commitSeq, dbId, (int)type, timestamp, JsonSerializer.Serialize(record.TableIds), data,
            JsonSerializer.Serialize(record.InTableLists)));
        return record;
    }

    /// <summary>getBinlog on a db list (tableId null) or a table list.</summary>
    public BinlogReadResult Read(long dbId, long? tableId, long prevCommitSeq, int numAcquired)
    {
        var (status, list) = FindList(dbId, tableId);
        if (list is null)
        {
            return new BinlogReadResult(status, []);
        }

        if (list.Dummy.CommitSeq > prevCommitSeq)
        {
            return new BinlogReadResult(BinlogReadStatus.BINLOG_TOO_OLD_COMMIT_SEQ, [list.Dummy]);
        }

        var index = list.FirstAfter(prevCommitSeq);
        if (index >= list.Items.Count)
        {
            return new BinlogReadResult(BinlogReadStatus.BINLOG_TOO_NEW_COMMIT_SEQ, []);
        }

        var count = Math.Min(Math.Clamp(numAcquired, 1, MaxBatch), list.Items.Count - index);
        return new BinlogReadResult(BinlogReadStatus.OK, list.Items.GetRange(index, count));
    }

    /// <summary>getBinlogLag with the 2.1+ fields.</summary>
    public BinlogLagResult Lag(long dbId, long? tableId, long prevCommitSeq)
    {
        var (status, list) = FindList(dbId, tableId);
        if (list is null)
        {
            return new BinlogLagResult(status, 0, 0, 0, 0, 0, 0, 0);
        }

        var dummy = list.Dummy;
        var last = list.Items.Count > 0 ? list.Items[^1] : dummy;
        if (prevCommitSeq < dummy.CommitSeq)
        {
            return new BinlogLagResult(BinlogReadStatus.OK, list.SizeWithDummy, dummy.CommitSeq, last.CommitSeq,
                dummy.Timestamp, last.Timestamp, dummy.CommitSeq, dummy.Timestamp);
        }

        var index = list.FirstAfter(prevCommitSeq);
        if (index >= list.Items.Count)
        {
            return new BinlogLagResult(BinlogReadStatus.OK, 0, dummy.CommitSeq, last.CommitSeq, dummy.Timestamp, last.Timestamp, 0, 0);
        }

        var next = list.Items[index];
        return new BinlogLagResult(BinlogReadStatus.OK, list.Items.Count - index, dummy.CommitSeq, last.CommitSeq,
            dummy.Timestamp, last.Timestamp, next.CommitSeq, next.Timestamp);
    }

    /// <summary>
    /// One GC round (BinlogGcer): db-level GC with the db config when db binlog is on, per-table GC otherwise.
    /// Returns true when it removed binlogs (and so moved DUMMYs, which the image must keep).
    /// </summary>
    public bool Gc(long nowMs, IBinlogGcPolicy policy, bool recycleImmediately = false)
    {
        if (!FeatureEnabled)
        {
            return false;
        }

        var changed = false;
        foreach (var db in _dbs.Values.ToList())
        {
            var dbConfig = policy.DbConfig(db.DbId);
            changed |= dbConfig is { Enable: true }
                ? GcDbLevel(db, dbConfig, nowMs, policy, recycleImmediately)
                : GcTableLevel(db, nowMs, policy);
        }

        return changed;
    }

    /// <summary>Forgets a database's binlogs entirely (DROP DATABASE FORCE).</summary>
    public void DropDb(long dbId)
    {
        if (_dbs.Remove(dbId, out var db))
        {
            foreach (var b in db.All.Items)
            {
                _store.DeleteBinlog(b.CommitSeq);
            }
        }
    }

    public BinlogImage ExportImage() => new()
    {
        Dbs = _dbs.Values.Select(db => new DbBinlogImage
        {
            DbId = db.DbId,
            DummySeq = db.All.Dummy.CommitSeq,
            DummyTimestamp = db.All.Dummy.Timestamp,
            TableDummies = db.Tables.ToDictionary(t => t.Key, t => new[] { t.Value.Dummy.CommitSeq, t.Value.Dummy.Timestamp }),
            DroppedPartitions = [.. db.DroppedPartitions],
            DroppedTables = [.. db.DroppedTables],
            DroppedIndexes = [.. db.DroppedIndexes],
        }).ToList(),
    };

    /// <summary>Rebuilds the lists from the image and the stored binlog rows (after a restart or a rollback).</summary>
    public void Load(BinlogImage image, IEnumerable<StoredBinlog> rows)
    {
        _dbs.Clear();
        foreach (var dbImage in image.Dbs)
        {
            var db = new DbBinlog(dbImage.DbId, dbImage.DummyTimestamp);
            db.All.Dummy.CommitSeq = dbImage.DummySeq;
            foreach (var (tableId, dummy) in dbImage.TableDummies)
            {
                var list = db.GetOrCreateTableList(tableId, dummy[1]);
                list.Dummy.CommitSeq = dummy[0];
            }

            db.DroppedPartitions.AddRange(dbImage.DroppedPartitions);
            db.DroppedTables.AddRange(dbImage.DroppedTables);
            db.DroppedIndexes.AddRange(dbImage.DroppedIndexes);
            _dbs[db.DbId] = db;
        }

        foreach (var row in rows)
        {
            var record = new BinlogRecord
            {
                CommitSeq = row.CommitSeq,
                Timestamp = row.Timestamp,
                Type = (TBinlogType)row.Type,
                DbId = row.DbId,
                TableIds = JsonSerializer.Deserialize<List<long>>(row.TableIds) ?? [],
                Data = row.Data,
                InTableLists = JsonSerializer.Deserialize<List<long>>(row.TableLists) ?? [],
            };
            record.RemoveEnableCache = record.Type is TBinlogType.ALTER_DATABASE_PROPERTY or TBinlogType.MODIFY_TABLE_PROPERTY;
            record.TableRef = record.InTableLists.Count;
            var db = GetOrCreateDb(record.DbId, record.Timestamp);
            db.All.Append(record);
            foreach (var tableId in record.InTableLists)
            {
                db.GetOrCreateTableList(tableId, record.Timestamp).Append(record);
            }
        }
    }

    private (BinlogReadStatus Status, BinlogList? List) FindList(long dbId, long? tableId)
    {
        if (!FeatureEnabled || !_dbs.TryGetValue(dbId, out var db))
        {
            return (BinlogReadStatus.BINLOG_NOT_FOUND_DB, null);
        }

        if (tableId is null)
        {
            return (BinlogReadStatus.OK, db.All);
        }

        return db.Tables.TryGetValue(tableId.Value, out var list)
            ? (BinlogReadStatus.OK, list)
            : (BinlogReadStatus.BINLOG_NOT_FOUND_TABLE, null);
    }

    private DbBinlog GetOrCreateDb(long dbId, long now)
    {
        if (!_dbs.TryGetValue(dbId, out var db))
        {
            db = new DbBinlog(dbId, now);
            _dbs[dbId] = db;
        }

        return db;
    }

    private static long ExpiredSeq(BinlogList list, long ttlSeconds, long nowMs)
    {
        // ttl larger than "now" means nothing can have expired by time.
        if (ttlSeconds >= nowMs / 1000)
        {
            return long.MinValue;
        }

        var expiredMs = nowMs - (ttlSeconds * 1000);
        var seq = long.MinValue;
        foreach (var b in list.Items)
        {
            if (b.Timestamp <= expiredMs)
            {
                seq = b.CommitSeq;
            }
        }

        return seq;
    }

    private bool GcDbLevel(DbBinlog db, Catalog.BinlogConfig config, long nowMs, IBinlogGcPolicy policy, bool recycleImmediately)
    {
        // enable_recycle_binlog_immediately (a testing config) expires everything, there being no binlog locks.
        var expiredSeq = recycleImmediately && db.All.Items.Count > 0
            ? db.All.Items[^1].CommitSeq
            : ExpiredSeq(db.All, config.TtlSeconds, nowMs);
        var removed = TrimHead(db.All, config, expiredSeq);
        if (removed.Count == 0)
        {
            return false;
        }

        var horizon = removed[^1];
        MoveDummy(db.All, horizon);
        foreach (var b in removed)
        {
            _store.DeleteBinlog(b.CommitSeq);
        }

        foreach (var (tableId, list) in db.Tables)
        {
            var trimmed = new List<BinlogRecord>();
            while (list.Items.Count > 0 && list.Items[0].CommitSeq <= horizon.CommitSeq)
            {
                trimmed.Add(list.Items[0]);
                list.Items.RemoveAt(0);
            }

            if (list.Dummy.CommitSeq < horizon.CommitSeq)
            {
                MoveDummy(list, horizon);
            }

            NotifyExpiredUpserts(db.DbId, tableId, trimmed, policy);
        }

        TrimDropped(db, horizon.CommitSeq);
        return true;
    }

    private bool GcTableLevel(DbBinlog db, long nowMs, IBinlogGcPolicy policy)
    {
        var largestExpired = long.MinValue;
        foreach (var (tableId, list) in db.Tables)
        {
            var config = policy.TableConfig(db.DbId, tableId);
            List<BinlogRecord> removed;
            if (config is not { Enable: true })
            {
                // A table whose binlog was turned off (or which is gone) loses its whole list.
                removed = [.. list.Items];
                list.Items.Clear();
            }
            else
            {
                removed = TrimHead(list, config, ExpiredSeq(list, config.TtlSeconds, nowMs));
            }

            if (removed.Count == 0)
            {
                continue;
            }

            MoveDummy(list, removed[^1]);
            largestExpired = Math.Max(largestExpired, removed[^1].CommitSeq);
            foreach (var b in removed)
            {
                b.InTableLists.Remove(tableId);
                b.TableRef = b.InTableLists.Count;
                _store.UpdateBinlogTableLists(b.CommitSeq, JsonSerializer.Serialize(b.InTableLists));
            }

            NotifyExpiredUpserts(db.DbId, tableId, removed, policy);
        }

        if (largestExpired == long.MinValue)
        {
            return false;
        }

        BinlogRecord? lastRemoved = null;
        while (db.All.Items.Count > 0 && db.All.Items[0].TableRef <= 0 && db.All.Items[0].CommitSeq <= largestExpired)
        {
            lastRemoved = db.All.Items[0];
            db.All.Items.RemoveAt(0);
            _store.DeleteBinlog(lastRemoved.CommitSeq);
        }

        if (lastRemoved is not null)
        {
            MoveDummy(db.All, lastRemoved);
            TrimDropped(db, lastRemoved.CommitSeq);
        }

        return true;
    }

    /// <summary>Removes head binlogs while they are expired by time, or the list is over its byte or count cap.</summary>
    private static List<BinlogRecord> TrimHead(BinlogList list, Catalog.BinlogConfig config, long expiredSeq)
    {
        var totalSize = list.Items.Sum(b => b.ApproximateSize);
        var removed = new List<BinlogRecord>();
        while (list.Items.Count > 0)
        {
            var head = list.Items[0];
            if (head.CommitSeq <= expiredSeq || totalSize > config.MaxBytes || list.Items.Count > config.MaxHistoryNums)
            {
                removed.Add(head);
                totalSize -= head.ApproximateSize;
                list.Items.RemoveAt(0);
                continue;
            }

            break;
        }

        return removed;
    }

    private static void MoveDummy(BinlogList list, BinlogRecord lastRemoved)
    {
        list.Dummy.CommitSeq = lastRemoved.CommitSeq;
        list.Dummy.Timestamp = lastRemoved.Timestamp;
    }

    private static void TrimDropped(DbBinlog db, long horizon)
    {
        db.DroppedPartitions.RemoveAll(d => d.CommitSeq <= horizon);
        db.DroppedTables.RemoveAll(d => d.CommitSeq <= horizon);
        db.DroppedIndexes.RemoveAll(d => d.CommitSeq <= horizon);
    }

    private static void NotifyExpiredUpserts(long dbId, long tableId, List<BinlogRecord> removed, IBinlogGcPolicy policy)
    {
        var lastUpsert = removed.LastOrDefault(b => b.Type == TBinlogType.UPSERT);
        if (lastUpsert?.Data is null)
        {
            return;
        }

        var versions = Syncer.Doris.Binlog.Records.UpsertRecord.PartitionVersionsOf(lastUpsert.Data, tableId);
        if (versions.Count > 0)
        {
            policy.OnBinlogRowsetsExpired(dbId, tableId, versions);
        }
    }
}
