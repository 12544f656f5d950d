using System.Text.RegularExpressions;
using Syncer.Engine;
using Syncer.Jobs;

namespace Syncer.Tests.Engine;

public sealed partial class LabelsTests
{
    private static readonly JobInfo Job = new()
    {
        Name = "orders_sync",
        SyncType = SyncType.TableSync,
        Src = new ClusterSpec { Database = "shop", Table = "orders", DbId = 10, TableId = 20 },
        Dest = new ClusterSpec { Database = "shop_bak", Table = "orders", DbId = 30, TableId = 40 },
    };

    [Fact]
    public void Upsert_labels_are_the_same_for_the_same_job_and_seq_and_differ_otherwise()
    {
        var label = Labels.Upsert(Job, 40, 501);
        Assert.Equal(label, Labels.Upsert(Job, 40, 501));
        Assert.Matches(@"^ccrj-[0-9a-f]{8}:table_sync:10_20:30_40:501$", label);
        Assert.NotEqual(label, Labels.Upsert(Job, 40, 502));
        Assert.NotEqual(label, Labels.Upsert(Job with { Name = "other" }, 40, 501));
        Assert.NotEqual(label, Labels.Upsert(Job, 41, 501));
    }

    [Fact]
    public void Names_outside_the_doris_label_alphabet_are_folded()
    {
        var odd = Job with { Src = Job.Src with { Database = "商店`x", Table = "o rders" } };
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var snapshot = Labels.FullSnapshot(odd, now);
        Assert.Equal("ccrs____x_o_rders_1700000000", snapshot);
        Assert.Matches(DorisLabel(), snapshot);
        Assert.Matches(DorisLabel(), Labels.Restore(snapshot, now));
        Assert.Matches(DorisLabel(), Labels.Upsert(odd, 1, 1));
        Assert.StartsWith(Labels.JobSnapshotPrefixes(odd)[0], snapshot, StringComparison.Ordinal);
        Assert.StartsWith(Labels.JobSnapshotPrefixes(odd)[1], Labels.PartialSnapshot(odd, odd.Src.Table, now), StringComparison.Ordinal);
    }

    [GeneratedRegex("^[-_A-Za-z0-9:]{1,128}$")]
    private static partial Regex DorisLabel();
}
