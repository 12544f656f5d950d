using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Txn;

/// <summary>
/// The life of a load transaction: begin (PREPARE), commit (each touched partition gets its next version),
/// publish (rowsets and versions become visible, the txn turns VISIBLE and its UPSERT binlog is recorded at the
/// journal id of that VISIBLE state write), abort. Versions become visible in order, as a Doris BE publishes
/// them: a committed version that does not follow its partition's visible version waits for the ones before it.
/// </summary>
internal static class LoadTransactions
{
    /// <summary>The reason Doris's transaction manager gives a txn it aborts for running past its timeout.</summary>
    public const string TimeoutReason = "timeout by txn manager";

    public static TransactionState Begin(
        ClusterState state, Database db, IEnumerable<Table> tables, string label, string sourceType, long timeoutMs, long[]? requestId = null,
        string? coordinator = null)
    {
        var existing = state.Transactions.FindLiveByLabel(db.Id, label);
        if (existing is not null)
        {
            throw DorisErrors.Generic($"Label [{label}] has already been used, relate to txn [{existing.TxnId}]");
        }

        var now = state.NowMs();
        var txn = new TransactionState
        {
            TxnId = state.NextTxnId(),
            DbId = db.Id,
            Label = label,
            TableIds = tables.Select(t => t.Id).ToList(),
            SourceType = sourceType,
            PrepareTime = now,
            TimeoutMs = timeoutMs,
            RequestId = requestId,
            Status = TransactionStatus.PREPARE,
        };
        if (coordinator is not null)
        {
            txn.Coordinator = coordinator;
        }

        state.NextJournalId();
        state.Transactions.Add(txn);
        return txn;
    }

    /// <summary>Assigns the next version to every touched partition and marks the transaction COMMITTED.</summary>
    public static void Commit(ClusterState state, TransactionState txn, IEnumerable<(OlapTable Table, IReadOnlyCollection<Partition> Partitions)> touched)
    {
        var now = state.NowMs();
        txn.TableCommits.Clear();
        foreach (var (table, partitions) in touched)
        {
            var info = new TableCommitInfo
            {
                TableId = table.Id,
                IndexIds = partitions.SelectMany(p => p.Indexes.Select(i => i.Id)).Distinct().ToList(),
            };
            foreach (var partition in partitions)
            {
                info.Partitions.Add(new PartitionCommitInfo
                {
                    PartitionId = partition.Id,
                    Version = partition.NextVersion++,
                    VersionTime = now,
                    Range = partition.RangeString,
                    IsTemp = partition.IsTemp,
                });
            }

            txn.TableCommits.Add(info);
        }

        txn.Status = TransactionStatus.COMMITTED;
        txn.CommitTime = now;
        state.NextJournalId();
        state.Transactions.Save(txn);
    }

    /// <summary><see cref="TransactionState.PublishNotBefore"/> of a txn a <c>publish_timeout=hold</c> fault holds back.</summary>
    public const long PublishHeldByFault = long.MaxValue;

    /// <summary>Whether a <c>publish_timeout</c> hold covers a txn: <c>hold</c> covers every txn, <c>hold:label</c> only that label's.</summary>
    public static bool HoldsPublishOf(Faults.FaultRule? rule, TransactionState txn) =>
        rule is { Action: Faults.FaultAction.Hold } && (rule.Argument is null || rule.Argument == txn.Label);

    /// <summary>Lets held publishes go once the hold that covered them is no longer armed (the daemon calls this each round).</summary>
    public static void ReleasePublishHolds(ClusterState state, Faults.FaultRule? armed)
    {
        foreach (var txn in state.Transactions.All
                     .Where(t => t.Status == TransactionStatus.COMMITTED && t.PublishNotBefore == PublishHeldByFault && !HoldsPublishOf(armed, t))
                     .ToList())
        {
            txn.PublishNotBefore = -1;
            state.Transactions.Save(txn);
        }
    }

    /// <summary>
    /// Publishes every COMMITTED txn that can be: in commit order, each whose partitions' visible versions are
    /// exactly one below its versions and whose publish is not held back (publish_timeout fault).
    /// </summary>
    public static void PublishReady(ClusterState state)
    {
        var now = state.NowMs();
        bool progress;
        do
        {
            progress = false;
            var committed = state.Transactions.All
                .Where(t => t.Status == TransactionStatus.COMMITTED)
                .OrderBy(t => t.CommitTime).ThenBy(t => t.TxnId)
                .ToList();
            foreach (var txn in committed)
            {
                if (CanPublish(state, txn, now))
                {
                    Publish(state, txn);
                    progress = true;
                }
            }
        }
        while (progress);
    }

    /// <summary>True when every partition the txn wrote sits exactly one version below the txn's version.</summary>
    public static bool CanPublish(ClusterState state, TransactionState txn, long now)
    {
        if (txn.Status != TransactionStatus.COMMITTED || (txn.PublishNotBefore > 0 && now < txn.PublishNotBefore))
        {
            return false;
        }

        var db = state.FindDb(txn.DbId);
        if (db is null)
        {
            return true;
        }

        foreach (var commit in txn.TableCommits)
        {
            if (db.FindTable(commit.TableId) is not OlapTable table)
            {
                continue;
            }

            foreach (var pc in commit.Partitions)
            {
                if (table.FindPartition(pc.PartitionId) is { } partition && partition.VisibleVersion + 1 != pc.Version)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Aborts PREPARE txns that ran past their timeout, as Doris's transaction cleaner does.</summary>
    public static void AbortExpired(ClusterState state)
    {
        var now = state.NowMs();
        foreach (var txn in state.Transactions.All.Where(t => t.Status == TransactionStatus.PREPARE && t.TimeoutMs > 0).ToList())
        {
            if (now > txn.PrepareTime + txn.TimeoutMs)
            {
                Abort(state, txn, TimeoutReason);
            }
        }
    }

    /// <summary>
    /// Removes finished (VISIBLE or ABORTED) txns whose label has been kept long enough, as Doris's txn cleaner does
    /// (TransactionState.isExpired): streaming loads and INSERTs after streaming_label_keep_max_second, other loads
    /// after label_keep_max_second, counted from the finish time in whole seconds. Their labels can then be used again
    /// and commitTxn/rollbackTxn/SHOW TRANSACTION no longer find them.
    /// </summary>
    public static void RemoveExpiredFinished(ClusterState state)
    {
        var now = state.NowMs();
        var shortKeep = state.Config.GetLong("streaming_label_keep_max_second");
        var longKeep = state.Config.GetLong("label_keep_max_second");
        foreach (var txn in state.Transactions.All
            .Where(t => t.Status is TransactionStatus.VISIBLE or TransactionStatus.ABORTED).ToList())
        {
            var keep = txn.SourceType is "BACKEND_STREAMING" or "INSERT_STREAMING" or "ROUTINE_LOAD_TASK" ? shortKeep : longKeep;
            if ((now - txn.FinishTime) / 1000 > keep)
            {
                state.Transactions.Remove(txn);
                state.Dirty = true;
            }
        }
    }

    /// <summary>Publishes a committed transaction: versions visible, replicas updated, UPSERT recorded.</summary>
    public static void Publish(ClusterState state, TransactionState txn)
    {
        var db = state.FindDb(txn.DbId) ?? throw DorisErrors.UnknownDatabase(txn.DbId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var now = state.NowMs();
        var tables = new List<Table>();
        foreach (var commit in txn.TableCommits)
        {
            if (db.FindTable(commit.TableId) is not OlapTable table)
            {
                continue;
            }

            tables.Add(table);
            foreach (var pc in commit.Partitions)
            {
                var partition = table.FindPartition(pc.PartitionId);
                if (partition is null)
                {
                    continue;
                }

                foreach (var tablet in partition.AllTablets())
                {
                    state.Store.PublishRowsets(txn.TxnId, tablet.Id, pc.Version);
                    foreach (var replica in tablet.Replicas)
                    {
                        if (txn.ErrorReplicaIds.Contains(replica.Id))
                        {
                            // Left out of a quorum commit: the replica misses this version until it is repaired.
                            if (replica.LastFailedVersion < 0)
                            {
                                replica.LastFailedVersion = pc.Version;
                            }

                            continue;
                        }

                        replica.Version = pc.Version;
                    }
                }

                partition.VisibleVersion = pc.Version;
                partition.VisibleVersionTime = now;
            }

            table.UpdateTime = now;
        }

        txn.Status = TransactionStatus.VISIBLE;
        txn.PublishTime = now;
        txn.FinishTime = now;
        var seq = state.NextJournalId();
        state.Transactions.Save(txn);

        // Rowsets ingested into tablets the commit did not cover are never published: the BEs clear them.
        state.Store.DeleteStagedRowsets(txn.TxnId);

        var record = new UpsertRecord
        {
            CommitSeq = seq,
            TxnId = txn.TxnId,
            TimeStamp = txn.FinishTime,
            Label = txn.Label,
            DbId = db.Id,
        };
        foreach (var commit in txn.TableCommits)
        {
            record.TableRecords[commit.TableId] = new UpsertTableRecord
            {
                IndexIds = [.. commit.IndexIds],
                PartitionRecords = commit.Partitions.Select(p => new UpsertPartitionRecord
                {
                    PartitionId = p.PartitionId,
                    Range = p.Range,
                    Version = p.Version,
                    IsTempPartition = p.IsTemp,
                }).ToList(),
            };
        }

        // A txn committed with no tablet of its tables (commitTxn with an empty commit_infos list) still turns VISIBLE
        // and Doris still records its UPSERT, with no table records and no table ids: it goes to the db list only, and
        // only when the db's binlog is on.
        state.Binlogs.Add(db.Id, TBinlogType.UPSERT, tables.Select(t => t.Id).ToList(), BinlogJson.Serialize(record), seq,
            txn.FinishTime, ClusterState.GateFor(db, [.. tables]));
    }

    /// <summary>
    /// The tablet scheduler's repair, done at once: a replica that missed versions (LastFailedVersion set) is cloned up
    /// to its partition's visible version. Doris clones such replicas within seconds; minidoris keeps one rowset per
    /// tablet, so the repair only moves the replica's version.
    /// </summary>
    public static void RepairLaggingReplicas(ClusterState state)
    {
        foreach (var table in state.Image.Databases.SelectMany(d => d.Tables).OfType<OlapTable>())
        {
            foreach (var partition in table.Partitions.Concat(table.TempPartitions))
            {
                foreach (var replica in partition.AllTablets().SelectMany(t => t.Replicas).Where(r => r.LastFailedVersion >= 0))
                {
                    replica.Version = partition.VisibleVersion;
                    replica.LastFailedVersion = -1;
                    state.Dirty = true;
                }
            }
        }
    }

    public static void Abort(ClusterState state, TransactionState txn, string reason)
    {
        txn.Status = TransactionStatus.ABORTED;
        txn.Reason = reason;
        txn.FinishTime = state.NowMs();
        state.Store.DeleteStagedRowsets(txn.TxnId);
        state.NextJournalId();
        state.Transactions.Save(txn);
    }
}
