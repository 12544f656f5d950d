using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Alter;

/// <summary>ALTER TABLE: each clause is applied in order and records the binlog Doris records for it.</summary>
internal static class AlterTableExecutor
{
    public static QueryResult Execute(StatementContext ctx, AlterTableStmt stmt)
    {
        var (db, table) = ctx.ResolveOlapTable(stmt.Name);
        ctx.RequirePrivilege(Privilege.Alter, db, table);
        if (table.State != "NORMAL")
        {
            throw DorisErrors.Generic($"Table[{table.Name}]'s state({table.State}) is not NORMAL. Do not allow doing ALTER ops");
        }

        if (table.InAtomicRestore)
        {
            throw DorisErrors.Generic($"Table[{table.Name}] is in atomic restore state. Do not allow doing ALTER ops");
        }

        foreach (var clause in stmt.Clauses)
        {
            var rawSql = $"ALTER TABLE {Identifiers.Quote(db.Name)}.{Identifiers.Quote(table.Name)} {clause.Text}";
            switch (clause)
            {
                case AddColumnsClause add: AddColumns(ctx, db, table, add, rawSql); break;
                case DropColumnClause drop: DropColumn(ctx, db, table, drop, rawSql); break;
                case ModifyColumnClause modify: ModifyColumn(ctx, db, table, modify, rawSql); break;
                case ModifyColumnCommentClause comment: ModifyColumnComment(ctx, db, table, comment); break;
                case RenameColumnClause rename: RenameColumn(ctx, db, table, rename); break;
                case AddPartitionClause addPartition: AddPartition(ctx, db, table, addPartition); break;
                case DropPartitionClause dropPartition: DropPartition(ctx, db, table, dropPartition); break;
                case ReplacePartitionClause replace: ReplacePartitions(ctx, db, table, replace); break;
                case RenameTableClause renameTable: RenameTable(ctx, db, table, renameTable); break;
                case RenamePartitionClause renamePartition: RenamePartition(ctx, db, table, renamePartition); break;
                case SetPropertiesClause set when PartitionAlter.IsDistributionTypeChange(set):
                    PartitionAlter.ConvertDistributionType(ctx, db, table, set);
                    break;
                case SetPropertiesClause set: SetProperties(ctx, db, table, set); break;
                case ModifyTableCommentClause tableComment: ModifyTableComment(ctx, db, table, tableComment); break;
                case ReplaceTableClause replaceTable: ReplaceTable(ctx, db, table, replaceTable); break;
                case AddIndexClause addIndex: IndexChange.Add(ctx, db, table, addIndex); break;
                case DropIndexClause dropIndex: IndexChange.Drop(ctx, db, table, dropIndex); break;
                case ModifyPartitionClause modifyPartition: PartitionAlter.ModifyPartitions(ctx, db, table, modifyPartition); break;
                case AddRollupClause addRollup: RollupJob.Add(ctx, db, table, addRollup); break;
                case DropRollupClause dropRollup: RollupJob.Drop(ctx, db, table, dropRollup); break;
                case RenameRollupClause renameRollup: RollupJob.Rename(ctx, db, table, renameRollup); break;
                case ModifyDistributionClause modifyDistribution: PartitionAlter.ModifyDistribution(ctx, db, table, modifyDistribution); break;
                default: throw DorisErrors.Generic("Unsupported ALTER TABLE clause");
            }
        }

        return QueryResult.Ok();
    }

    private static void AddColumns(StatementContext ctx, Database db, OlapTable table, AddColumnsClause clause, string rawSql)
    {
        var schema = table.Columns.Select(c => c.Clone()).ToList();
        var anyKey = false;
        var nextUniqueId = table.MaxColUniqueId;
        var insertAt = clause.First ? 0 : clause.After is null ? -1 : IndexOf(schema, clause.After) + 1;
        foreach (var def in clause.Columns)
        {
            NameValidator.CheckColumnName(def.Name);
            if (schema.Any(c => c.Name.Equals(def.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw DorisErrors.Generic($"Can not add column which already exists in base table: {def.Name}");
            }

            var column = ColumnFactory.FromDef(def, ++nextUniqueId);
            var isKey = def.IsKeyMarked || (table.KeysType == KeysType.AGG_KEYS && def.Aggregation is null)
                || (table.KeysType == KeysType.DUP_KEYS && def.IsKeyMarked);
            column.IsKey = isKey;
            if (!isKey)
            {
                ColumnFactory.ApplyValueAggregation(table.KeysType, column);
            }

            if (!column.IsAllowNull && column.DefaultValue is null)
            {
                throw DorisErrors.Generic($"Can not add column which is NOT NULL and has no default value: {column.Name}");
            }

            anyKey |= isKey;
            int position;
            if (isKey)
            {
                // Key columns go after the last key column unless a position is given.
                position = insertAt >= 0 ? insertAt : schema.FindLastIndex(c => c.IsKey) + 1;
            }
            else
            {
                position = insertAt >= 0 ? insertAt : schema.Count;
            }

            if (!isKey && position <= schema.FindLastIndex(c => c.IsKey))
            {
                throw DorisErrors.Generic($"Can not add value column {column.Name} before key column");
            }

            schema.Insert(position, column);
            if (insertAt >= 0)
            {
                insertAt++;
            }
        }

        table.MaxColUniqueId = nextUniqueId;
        if (!anyKey && table.LightSchemaChange)
        {
            ApplyLightSchemaChange(ctx, db, table, schema, rawSql);
        }
        else
        {
            SchemaChangeJob.Run(ctx, db, table, schema, rawSql);
        }
    }

    private static void DropColumn(StatementContext ctx, Database db, OlapTable table, DropColumnClause clause, string rawSql)
    {
        var column = table.FindColumn(clause.Name) ?? throw DorisErrors.Generic($"Column does not exists: {clause.Name}");
        if (table.PartitionColumns.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw DorisErrors.Generic($"Can not drop partition column: {column.Name}");
        }

        if (table.DefaultDistribution.Columns.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw DorisErrors.Generic($"Can not drop distribution column: {column.Name}");
        }

        if (column.IsKey && table.KeysType != KeysType.DUP_KEYS)
        {
            throw DorisErrors.Generic($"Can not drop key column {column.Name} in {(table.KeysType == KeysType.UNIQUE_KEYS ? "unique" : "aggregation")} data model table");
        }

        if (table.Columns.Count(c => c.IsKey) == 1 && column.IsKey)
        {
            throw DorisErrors.Generic("Can not drop all key columns");
        }

        var schema = table.Columns.Where(c => c != column).Select(c => c.Clone()).ToList();
        if (!column.IsKey && table.LightSchemaChange)
        {
            ApplyLightSchemaChange(ctx, db, table, schema, rawSql);
        }
        else
        {
            SchemaChangeJob.Run(ctx, db, table, schema, rawSql);
        }
    }

    private static void ModifyColumn(StatementContext ctx, Database db, OlapTable table, ModifyColumnClause clause, string rawSql)
    {
        var def = clause.Column;
        var current = table.FindColumn(def.Name) ?? throw DorisErrors.Generic($"Column[{def.Name}] does not exists");
        if (current.IsAllowNull && def.Nullable == false)
        {
            throw DorisErrors.Generic("Can not change from nullable to non-nullable");
        }

        if (table.PartitionColumns.Contains(current.Name, StringComparer.OrdinalIgnoreCase)
            || table.DefaultDistribution.Columns.Contains(current.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (current.Type != def.Type)
            {
                throw DorisErrors.Generic($"Can not modify partition or distribution column : {current.Name}");
            }
        }

        var schema = table.Columns.Select(c => c.Clone()).ToList();
        var modified = ColumnFactory.FromDef(def, current.UniqueId);
        modified.IsKey = current.IsKey;
        modified.Aggregation = def.Aggregation ?? current.Aggregation;
        modified.IsAggregationImplicit = current.IsAggregationImplicit;
        modified.IsAllowNull = def.Nullable ?? current.IsAllowNull;
        if (modified.Aggregation != current.Aggregation)
        {
            throw DorisErrors.Generic("Can not change aggregation type");
        }

        if (current.Type.IsString && modified.Type.IsString && modified.Type.Length < current.Type.Length && modified.Type.Type == current.Type.Type)
        {
            throw DorisErrors.Generic($"Cannot shorten string length");
        }

        var index = schema.FindIndex(c => c.UniqueId == current.UniqueId);
        schema.RemoveAt(index);
        var position = clause.First ? 0 : clause.After is not null ? IndexOf(schema, clause.After) + 1 : index;
        schema.Insert(position, modified);
        SchemaChangeJob.Run(ctx, db, table, schema, rawSql);
    }

    private static void ApplyLightSchemaChange(StatementContext ctx, Database db, OlapTable table, List<Column> schema, string rawSql)
    {
        table.Columns = schema;
        table.BaseIndex.SchemaVersion++;
        table.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        var record = new TableAddOrDropColumnsInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            IndexSchemaMap = { [table.BaseIndexId] = schema.Select(ToJson).ToList() },
            JobId = ctx.State.NextId(),
            RawSql = rawSql,
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS, [table], BinlogJson.Serialize(record), seq);
    }

    /// <summary>A column as schema maps in payloads show it.</summary>
    public static ColumnJson ToJson(Column c) => new()
    {
        Name = c.Name,
        Type = c.Type.ToSql(),
        AggregationType = c.Aggregation == AggregateType.NONE ? null : c.Aggregation.ToString(),
        IsKey = c.IsKey,
        IsAllowNull = c.IsAllowNull,
        DefaultValue = c.DefaultValue,
        Comment = c.Comment,
        UniqueId = c.UniqueId,
    };

    private static void ModifyColumnComment(StatementContext ctx, Database db, OlapTable table, ModifyColumnCommentClause clause)
    {
        var column = table.FindColumn(clause.Column) ?? throw DorisErrors.Generic($"Unknown column: {clause.Column}");
        column.Comment = clause.Comment;
        var seq = ctx.State.NextJournalId();
        var record = new ModifyCommentOperationLog
        {
            Type = "COLUMN",
            DbId = db.Id,
            TblId = table.Id,
            ColToComment = new Dictionary<string, string> { [column.Name] = clause.Comment },
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_COMMENT, [table], BinlogJson.Serialize(record), seq);
    }

    private static void ModifyTableComment(StatementContext ctx, Database db, OlapTable table, ModifyTableCommentClause clause)
    {
        table.Comment = clause.Comment;
        var seq = ctx.State.NextJournalId();
        var record = new ModifyCommentOperationLog { Type = "TABLE", DbId = db.Id, TblId = table.Id, TblComment = clause.Comment };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_COMMENT, [table], BinlogJson.Serialize(record), seq);
    }

    private static void RenameColumn(StatementContext ctx, Database db, OlapTable table, RenameColumnClause clause)
    {
        var column = table.FindColumn(clause.OldName) ?? throw DorisErrors.Generic($"Column[{clause.OldName}] does not exists");
        NameValidator.CheckColumnName(clause.NewName);
        if (table.FindColumn(clause.NewName) is not null)
        {
            throw DorisErrors.Generic($"Column name[{clause.NewName}] is already used");
        }

        if (!table.LightSchemaChange)
        {
            throw DorisErrors.Generic("Do not support rename column when light_schema_change is false");
        }

        var oldName = column.Name;
        column.Name = clause.NewName;
        table.PartitionColumns = table.PartitionColumns.Select(n => n.Equals(oldName, StringComparison.OrdinalIgnoreCase) ? clause.NewName : n).ToList();
        foreach (var p in table.AllPartitions().Select(p => p.Distribution).Append(table.DefaultDistribution))
        {
            p.Columns = p.Columns.Select(n => n.Equals(oldName, StringComparison.OrdinalIgnoreCase) ? clause.NewName : n).ToList();
        }

        // Doris renames the column inside the table's secondary indexes and rollups too.
        foreach (var index in table.TableIndexes)
        {
            index.Columns = index.Columns.Select(n => n.Equals(oldName, StringComparison.OrdinalIgnoreCase) ? clause.NewName : n).ToList();
        }

        foreach (var rollup in table.Indexes)
        {
            rollup.Columns = rollup.Columns.Select(n => n.Equals(oldName, StringComparison.OrdinalIgnoreCase) ? clause.NewName : n).ToList();
        }

        table.BaseIndex.SchemaVersion++;
        var seq = ctx.State.NextJournalId();
        var record = new TableRenameColumnInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            ColName = oldName,
            NewColName = clause.NewName,
            IndexIdToSchemaVersion = table.Indexes.ToDictionary(i => i.Id, i => i.SchemaVersion),
        };
        ctx.State.RecordBinlog(db, TBinlogType.RENAME_COLUMN, [table], BinlogJson.Serialize(record), seq);
    }

    private static void AddPartition(StatementContext ctx, Database db, OlapTable table, AddPartitionClause clause)
    {
        if (table.PartitionType == PartitionType.UNPARTITIONED)
        {
            throw DorisErrors.Generic($"Table[{table.Name}]'s is not partitioned");
        }

        var desc = clause.Partition;
        NameValidator.CheckPartitionName(desc.Name);
        if (table.FindPartition(desc.Name, false) is not null || table.FindPartition(desc.Name, true) is not null)
        {
            if (desc.IfNotExists)
            {
                return;
            }

            throw DorisErrors.Generic($"Duplicate partition name {desc.Name}");
        }

        var item = PartitionBuilder.BuildItem(table, desc, clause.Temp ? table.TempPartitions : table.Partitions);
        var distribution = table.DefaultDistribution.Clone();
        if (clause.Distribution is { } d)
        {
            if (d.Type != table.DefaultDistribution.Type
                || (d.Type == DistributionType.HASH && !d.Columns.SequenceEqual(table.DefaultDistribution.Columns, StringComparer.OrdinalIgnoreCase)))
            {
                throw DorisErrors.Generic("Cannot assign different distribution type or columns to the partition");
            }

            if (!d.Auto && d.Buckets > 0)
            {
                distribution.BucketNum = d.Buckets;
                distribution.AutoBucket = false;
            }
        }

        PartitionOperations.Add(ctx.State, db, table, desc.Name, item, distribution, clause.Temp);
    }

    private static void DropPartition(StatementContext ctx, Database db, OlapTable table, DropPartitionClause clause)
    {
        var partition = table.FindPartition(clause.Name, clause.Temp);
        if (partition is null)
        {
            if (clause.IfExists)
            {
                return;
            }

            throw DorisErrors.Generic($"Error in list of partitions to {clause.Name}");
        }

        PartitionOperations.Drop(ctx.State, db, table, partition, clause.Force);
    }

    private static void ReplacePartitions(StatementContext ctx, Database db, OlapTable table, ReplacePartitionClause clause)
    {
        var props = clause.Properties.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);
        var strict = !props.TryGetValue("strict_range", out var s) || !s.Equals("false", StringComparison.OrdinalIgnoreCase);
        var useTemp = props.TryGetValue("use_temp_partition_name", out var u) && u.Equals("true", StringComparison.OrdinalIgnoreCase);
        PartitionOperations.Replace(ctx.State, db, table, clause.Partitions, clause.TempPartitions, strict, useTemp);
    }

    private static void RenameTable(StatementContext ctx, Database db, OlapTable table, RenameTableClause clause)
    {
        if (table.Name == clause.NewName)
        {
            throw DorisErrors.Generic($"Same table name");
        }

        NameValidator.CheckTableName(clause.NewName);
        if (db.FindTable(clause.NewName) is not null)
        {
            throw DorisErrors.TableExists(clause.NewName);
        }

        var oldName = table.Name;
        table.Name = clause.NewName;
        table.BaseIndex.Name = clause.NewName;
        foreach (var p in table.AllPartitions().Where(p => p.Name == oldName && table.PartitionType == PartitionType.UNPARTITIONED))
        {
            p.Name = clause.NewName;
        }

        var seq = ctx.State.NextJournalId();
        var record = new TableInfo { Db = db.Id, Tb = table.Id, NewTableName = clause.NewName, OldTableName = oldName };
        ctx.State.RecordBinlog(db, TBinlogType.RENAME_TABLE, [table], BinlogJson.Serialize(record), seq);
    }

    private static void RenamePartition(StatementContext ctx, Database db, OlapTable table, RenamePartitionClause clause)
    {
        if (table.PartitionType == PartitionType.UNPARTITIONED)
        {
            throw DorisErrors.Generic($"Table[{table.Name}] is single partitioned. no need to rename partition name.");
        }

        var partition = table.FindPartition(clause.OldName, false) ?? throw DorisErrors.Generic($"Partition[{clause.OldName}] does not exists");
        NameValidator.CheckPartitionName(clause.NewName);
        if (table.FindPartition(clause.NewName, false) is not null)
        {
            throw DorisErrors.Generic($"Partition name[{clause.NewName}] is already used");
        }

        partition.Name = clause.NewName;
        var seq = ctx.State.NextJournalId();
        var inner = new TableInfo { Db = db.Id, Tb = table.Id, P = partition.Id, NewPartitionName = clause.NewName, OldPartitionName = clause.OldName };

        // RENAME_PARTITION (22) is beyond this FE generation's TBinlogType range, so it travels inside a BARRIER,
        // built as Doris's wrapping BarrierLog(dbId, tableId, type, binlog): no db or table name.
        var barrier = new BarrierLog
        {
            DbId = db.Id,
            TableId = table.Id,
            BinlogType = (int)TBinlogType.RENAME_PARTITION,
            Binlog = BinlogJson.Serialize(inner),
        };
        ctx.State.RecordBinlog(db, TBinlogType.BARRIER, [table], BinlogJson.Serialize(barrier), seq);
    }

    private static void SetProperties(StatementContext ctx, Database db, OlapTable table, SetPropertiesClause clause)
    {
        var binlogProps = clause.Properties.Where(p => BinlogConfig.IsBinlogKey(p.Key)).ToList();
        if (binlogProps.Count > 0)
        {
            if (!ctx.FeatureBinlogEnabled)
            {
                throw DorisErrors.Generic("Binlog feature is not enabled");
            }

            var updated = table.BinlogConfig.Clone();
            updated.MergeFrom(binlogProps);
            if (db.BinlogConfig.Enable && !updated.Enable)
            {
                throw DorisErrors.Generic($"Binlog of table[{table.Name}] can not be disabled when binlog of db[{db.Name}] is enabled");
            }

            table.BinlogConfig = updated;
        }

        var replication = TableProperties.ParseReplicationNum(clause.Properties, table.ReplicationNum);
        if (replication != table.ReplicationNum)
        {
            TabletAllocator.CheckReplication(ctx.State, replication);
            table.ReplicationNum = replication;
        }

        TableProperties.ApplyGeneral(table, clause.Properties);
        table.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        // Doris's ModifyTablePropertyOperationLog writes the parser's HashMap of properties and builds its sql from
        // it, "SET (k=v,k=v)" unquoted, in that map's order; it is not the user's statement.
        var ordered = JavaHashMapOrder.Order(clause.Properties);
        var record = new ModifyTablePropertyOperationLog
        {
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            Properties = ordered.ToDictionary(p => p.Key, p => p.Value),
            Sql = "SET (" + string.Join(",", ordered.Select(p => p.Key + "=" + p.Value)) + ")",
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_TABLE_PROPERTY, [table], BinlogJson.Serialize(record), seq);
    }

    private static void ReplaceTable(StatementContext ctx, Database db, OlapTable table, ReplaceTableClause clause)
    {
        if (db.FindTable(clause.OtherTable) is not OlapTable other)
        {
            throw DorisErrors.UnknownTable(clause.OtherTable);
        }

        ctx.RequirePrivilege(Privilege.Alter, db, other);
        var swap = !clause.Properties.Any(p => p.Key.Equals("swap", StringComparison.OrdinalIgnoreCase)
            && p.Value.Equals("false", StringComparison.OrdinalIgnoreCase));
        // Doris's BinlogManager.addReplaceTable lists only the original table's id, so only its binlog.enable
        // decides, and the binlog lands in that table's list alone; read before the table may leave the catalog.
        var gate = ClusterState.GateFor(db, table);
        var origName = table.Name;
        var otherName = other.Name;
        other.Name = origName;
        other.BaseIndex.Name = origName;
        DroppedIds? dropped = null;
        if (swap)
        {
            table.Name = otherName;
            table.BaseIndex.Name = otherName;
        }
        else
        {
            db.Tables.Remove(table);
            TableDdl.RecycleOrErase(ctx.State, db, table, clause.Force);
            dropped = DroppedIds.OfTable(table.Id);
        }

        ctx.State.InvalidateIndexes();
        var seq = ctx.State.NextJournalId();
        var record = new ReplaceTableOperationLog
        {
            DbId = db.Id,
            OrigTblId = table.Id,
            OrigTblName = origName,
            NewTblId = other.Id,
            ActualNewTblName = otherName,
            SwapTable = swap,
            IsForce = clause.Force,
        };
        ctx.State.Binlogs.Add(db.Id, TBinlogType.REPLACE_TABLE, [table.Id], BinlogJson.Serialize(record), seq, ctx.NowMs(), gate, dropped);
    }

    private static int IndexOf(List<Column> schema, string name)
    {
        var i = schema.FindIndex(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw DorisErrors.Generic($"Column[{name}] does not exists");
    }
}
