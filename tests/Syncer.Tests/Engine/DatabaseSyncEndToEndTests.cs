using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// Database jobs end to end through the syncer service between two minidoris processes: the full sync of every table
/// and view, then tables and views created, loaded, dropped, recreated and renamed while the job runs — each change on
/// the target in order, without another full sync.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DatabaseSyncEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Fact]
    public async Task Tables_and_views_follow_the_source_through_create_drop_recreate_and_rename()
    {
        var db = MiniDorisCluster.UniqueName("dbs");
        var destDb = MiniDorisCluster.UniqueName("dbs_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db,
            DatabaseSyncChecks.Table(db, "t1"),
            DatabaseSyncChecks.Table(db, "t2", "UNIQUE KEY(id)"),
            $"INSERT INTO {db}.t1 VALUES (1, 1), (2, 2)",
            $"INSERT INTO {db}.t2 VALUES (1, 10), (1, 11), (3, 30)",
            $"CREATE VIEW {db}.v1 AS SELECT id, v FROM {db}.t1 WHERE v > 1");
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("dbs_job"), src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await SameAsync(db, destDb);

        // A table created during the job, loads into several tables, and a view.
        await Src.ExecuteAsync(DatabaseSyncChecks.Table(db, "t3"), $"INSERT INTO {db}.t3 VALUES (5, 5)", $"INSERT INTO {db}.t1 VALUES (4, 4)",
            $"CREATE VIEW {db}.v3 AS SELECT id, v FROM {db}.t1 WHERE id > 3");
        await SameAsync(db, destDb);

        // Dropped, then recreated with the same name and another keys model.
        await Src.ExecuteAsync($"DROP TABLE {db}.t2", $"INSERT INTO {db}.t1 VALUES (6, 6)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync(DatabaseSyncChecks.Table(db, "t2", "UNIQUE KEY(id)"), $"INSERT INTO {db}.t2 VALUES (7, 7), (7, 8)");
        await SameAsync(db, destDb);

        // Renamed, then loaded under the new name.
        await Src.ExecuteAsync($"ALTER TABLE {db}.t3 RENAME t3_new", $"INSERT INTO {db}.t3_new VALUES (8, 8)");
        await SameAsync(db, destDb);

        // Views dropped, recreated and altered.
        await Src.ExecuteAsync($"DROP VIEW {db}.v1", $"CREATE VIEW {db}.v1 AS SELECT id, v FROM {db}.t2", $"ALTER VIEW {db}.v3 AS SELECT id, v FROM {db}.t3_new");
        await SameAsync(db, destDb);

        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task An_empty_database_waits_for_its_first_table()
    {
        var db = MiniDorisCluster.UniqueName("dbe");
        var destDb = MiniDorisCluster.UniqueName("dbe_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db);
        var job = MiniDorisCluster.UniqueName("dbe_job");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await Eventually.UntilAsync(async () => await TableSyncChecks.ProgressStateAsync(_syncer, job) == "DBIncrementalSync",
            TableSyncChecks.Patience, "the empty database's job to reach incremental sync");
        await Src.ExecuteAsync(DatabaseSyncChecks.Table(db, "first"), $"INSERT INTO {db}.first VALUES (1, 1)");
        await SameAsync(db, destDb);
        Assert.Equal(0, TableSyncChecks.FullSyncs(_syncer));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task An_idle_database_job_reaches_plain_incremental_sync_with_lag_0(int tables)
    {
        // No write after the job is created: nothing but the full sync's own BACKUP barriers follows the snapshot, so the
        // job must leave DBTablesIncrementalSync on its own once it has read them (one table: there is no later binlog).
        var db = MiniDorisCluster.UniqueName("dbi");
        var destDb = MiniDorisCluster.UniqueName("dbi_bak");
        var statements = Enumerable.Range(1, tables).SelectMany(i => new[] { DatabaseSyncChecks.Table(db, $"t{i}"), $"INSERT INTO {db}.t{i} VALUES ({i}, {i})" });
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, [.. statements, $"CREATE VIEW {db}.v1 AS SELECT id, v FROM {db}.t1"]);
        var job = MiniDorisCluster.UniqueName("dbi_job");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await SameAsync(db, destDb);
        await Eventually.UntilAsync(async () => await TableSyncChecks.ProgressStateAsync(_syncer, job) == "DBIncrementalSync"
            && (await _syncer.CallAsync("/get_lag", new { name = job })).GetProperty("lag").GetInt64() == 0,
            TableSyncChecks.Patience, "the idle database job to reach DBIncrementalSync with lag 0");
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task A_source_transaction_spanning_two_tables_commits_on_the_target_as_one_transaction()
    {
        var db = MiniDorisCluster.UniqueName("dbm");
        var destDb = MiniDorisCluster.UniqueName("dbm_bak");
        var staging = MiniDorisCluster.UniqueName("dbm_stage");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, DatabaseSyncChecks.Table(db, "a"), DatabaseSyncChecks.Table(db, "b", "UNIQUE KEY(id)"),
            $"INSERT INTO {db}.a VALUES (1, 1)");
        await DatabaseSyncChecks.CreateSourceAsync(Dest, staging, DatabaseSyncChecks.Table(staging, "a"), DatabaseSyncChecks.Table(staging, "b", "UNIQUE KEY(id)"),
            $"INSERT INTO {staging}.a VALUES (2, 2), (3, 3)", $"INSERT INTO {staging}.b VALUES (4, 4), (5, 5)");
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("dbm_job"), src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await SameAsync(db, destDb);
        // The target's own binlog shows how the syncer committed: one UPSERT per target transaction.
        await Dest.ExecuteAsync($"ALTER DATABASE {destDb} SET PROPERTIES ({MiniDorisCluster.BinlogOn})");
        var targetUpsertsBefore = (await MultiTableLoad.UpsertsAsync(Dest, destDb)).Count;

        await MultiTableLoad.CommitAsync(Src, db, "two_tables_" + db,
            new MultiTableLoad.Part("a", Dest, staging, "a"), new MultiTableLoad.Part("b", Dest, staging, "b"));
        var sourceLoad = (await MultiTableLoad.UpsertsAsync(Src, db)).Single(u => u.Label == "two_tables_" + db);
        Assert.Equal([await Src.TableIdAsync(db, "a"), await Src.TableIdAsync(db, "b")], sourceLoad.TableRecords.Keys.Order());

        await SameAsync(db, destDb);
        var targetLoads = (await MultiTableLoad.UpsertsAsync(Dest, destDb)).Skip(targetUpsertsBefore).ToList();
        var applied = Assert.Single(targetLoads);
        Assert.Equal([await Dest.TableIdAsync(destDb, "a"), await Dest.TableIdAsync(destDb, "b")], applied.TableRecords.Keys.Order());
        Assert.EndsWith($":db_sync:{await Src.DatabaseIdAsync(db)}:{await Dest.DatabaseIdAsync(destDb)}:{sourceLoad.CommitSeq}", applied.Label);
    }

    private Task SameAsync(string db, string destDb) => DatabaseSyncChecks.WaitSameAsync(Src, db, Dest, destDb, () => _syncer.Log.Text);
}
