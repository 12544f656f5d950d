using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Engine.Apply;

namespace Syncer.Tests.Engine.Apply;

public sealed class IngestPlanTests
{
    private static readonly Dictionary<long, TBackend> SourceBackends = new()
    {
        [1] = new TBackend { Id = 1, Host = "127.0.0.1", BePort = 9060, HttpPort = 8040 },
        [2] = new TBackend { Id = 2, Host = "127.0.0.2", BePort = 9061, HttpPort = 8041 },
    };

    private static readonly Dictionary<long, TBackend> TargetBackends = new()
    {
        [7] = new TBackend { Id = 7, Host = "127.0.0.3", BePort = 9070, HttpPort = 8070 },
        [8] = new TBackend { Id = 8, Host = "127.0.0.4", BePort = 9071, HttpPort = 8071 },
    };

    private static TableLayout Layout(string table, long partitionId, long baseIndex, long rollup, long[] baseTablets, long[] rollupTablets,
        long[] backends, long version, params long[] droppedPartitions) =>
        new(new TGetMetaTableMeta
        {
            Id = 1,
            Name = table,
            Partitions =
            [
                new TGetMetaPartitionMeta
                {
                    Id = partitionId, Name = "p1", Range = "[0, 100)", Indexes =
                    [
                        Index(baseIndex, table, baseTablets, backends, version),
                        Index(rollup, "r1", rollupTablets, backends, version),
                    ],
                },
            ],
        }, [.. droppedPartitions], [], []);

    private static TGetMetaIndexMeta Index(long id, string name, long[] tablets, long[] backends, long version) => new()
    {
        Id = id,
        Name = name,
        Tablets = tablets.Select(t => new TGetMetaTabletMeta
        {
            Id = t,
            Replicas = backends.Select(b => new TGetMetaReplicaMeta { Id = t * 10 + b, BackendId = b, Version = version }).ToList(),
        }).ToList(),
    };

    private static readonly UpsertTableRecord Record = new() { IndexIds = [100, 101] };

    private static readonly UpsertPartitionRecord Partition = new() { PartitionId = 50, Range = "[0, 100)", Version = 3 };

    [Fact]
    public void Pairs_partitions_by_range_indexes_by_name_and_tablets_in_ascending_id_order()
    {
        // The source base index is named after the source table, the target's after the target table.
        var source = Layout("orders", 50, 100, 101, [12, 11], [14, 13], [1, 2], 3);
        var target = Layout("orders_copy", 90, 200, 201, [21, 22], [23, 24], [7, 8], 1);
        var tasks = IngestPlan.TryBuild(Record, [Partition], source, SourceBackends, target, TargetBackends, new HashSet<long>(), true, out var problem);
        Assert.Equal("", problem);
        Assert.NotNull(tasks);
        Assert.Equal(8, tasks.Count);
        Assert.Equal([(11L, 21L), (11, 21), (12, 22), (12, 22), (13, 23), (13, 23), (14, 24), (14, 24)],
            tasks.Select(t => (t.SourceTabletId, t.TargetTabletId)).ToList());
        Assert.All(tasks, t => Assert.Equal((90L, 3L), (t.TargetPartitionId, t.Version)));
        // Every target replica gets its own task; source replicas are taken in turn.
        Assert.Equal([7L, 8, 7, 8, 7, 8, 7, 8], tasks.Select(t => t.TargetBackendId).ToList());
        Assert.Equal(["127.0.0.1", "127.0.0.2"], tasks.Select(t => t.SourceHost).Distinct().Order().ToList());
        Assert.All(tasks, t => Assert.Equal(t.SourceHost == "127.0.0.1" ? 8040 : 8041, t.SourceHttpPort));
    }

    [Fact]
    public void Shadow_and_dropped_indexes_and_dropped_partitions_are_left_out()
    {
        var source = Layout("orders", 50, 100, 101, [11], [13], [1], 3);
        var target = Layout("orders", 90, 200, 201, [21], [23], [7], 1);
        var tasks = IngestPlan.TryBuild(Record, [Partition], source, SourceBackends, target, TargetBackends, new HashSet<long> { 101 }, true, out _);
        Assert.Equal([11L], tasks!.Select(t => t.SourceTabletId).ToList());
        var dropped = Layout("orders", 50, 100, 101, [11], [13], [1], 3, droppedPartitions: 50);
        Assert.Empty(IngestPlan.TryBuild(Record, [Partition], dropped, SourceBackends, target, TargetBackends, new HashSet<long>(), true, out _)!);
    }

    [Fact]
    public void A_cached_layout_takes_the_replicas_that_were_newest_whatever_the_binlog_version()
    {
        // Cached before the load: every replica is at version 2, the binlog brings 3.
        var cached = Layout("orders", 50, 100, 101, [11], [13], [1, 2], 2);
        cached.Table.Partitions![0].Indexes![0].Tablets![0].Replicas![1].Version = 1;
        var target = Layout("orders", 90, 200, 201, [21], [23], [7], 1);
        var tasks = IngestPlan.TryBuild(Record, [Partition], cached, SourceBackends, target, TargetBackends, new HashSet<long>(), false, out var problem);
        Assert.Equal("", problem);
        // The replica that was behind when the layout was read (backend 2 of tablet 11) is not used.
        Assert.Equal(["127.0.0.1"], tasks!.Where(t => t.SourceTabletId == 11).Select(t => t.SourceHost).Distinct().ToList());
        Assert.Null(IngestPlan.TryBuild(Record, [Partition], cached, SourceBackends, target, TargetBackends, new HashSet<long>(), true, out problem));
    }

    [Fact]
    public void Mismatches_are_reported_instead_of_guessed()
    {
        var source = Layout("orders", 50, 100, 101, [11, 12], [13], [1], 3);
        var fewer = Layout("orders", 90, 200, 201, [21], [23], [7], 1);
        Assert.Null(IngestPlan.TryBuild(Record, [Partition], source, SourceBackends, fewer, TargetBackends, new HashSet<long>(), true, out var problem));
        Assert.Equal("index orders of partition p1 has 2 source tablets but 1 target tablets", problem);

        var behind = Layout("orders", 50, 100, 101, [11], [13], [1], 2);
        var target = Layout("orders", 90, 200, 201, [21], [23], [7], 1);
        Assert.Null(IngestPlan.TryBuild(Record, [Partition], behind, SourceBackends, target, TargetBackends, new HashSet<long>(), true, out problem));
        Assert.Equal("no replica of source tablet 11 has version 3 yet", problem);

        var otherRange = new UpsertPartitionRecord { PartitionId = 51, Range = "[100, 200)", Version = 3 };
        Assert.Null(IngestPlan.TryBuild(Record, [otherRange], source, SourceBackends, target, TargetBackends, new HashSet<long>(), true, out problem));
        Assert.StartsWith("source partition 51 with range [100, 200)", problem, StringComparison.Ordinal);
    }
}
