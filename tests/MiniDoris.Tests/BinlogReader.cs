using System.Text.Json;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Rpc;

namespace MiniDoris.Tests;

/// <summary>Reads binlogs through the FE getBinlog method as a syncer would.</summary>
public static class BinlogReader
{
    public static BinlogResponse Get(EngineHarness h, string db, long prev, string? table = null, long? tableId = null, long? num = null) =>
        h.Cluster.Frontend.GetBinlog(new BinlogRequest
        {
            User = "root",
            Passwd = string.Empty,
            Db = db,
            Table = table,
            TableId = tableId,
            PrevCommitSeq = prev,
            NumAcquired = num,
        });

    /// <summary>Every binlog after <paramref name="prev"/> (the caught-up answer must be TOO_NEW).</summary>
    public static List<BinlogRecord> All(EngineHarness h, string db, string? table = null, long prev = 0)
    {
        var list = new List<BinlogRecord>();
        while (true)
        {
            var r = Get(h, db, prev, table, num: 255);
            if (r.Status.Code == StatusCode.BinlogTooNewCommitSeq)
            {
                return list;
            }

            Assert.Equal(StatusCode.Ok, r.Status.Code);
            list.AddRange(r.Binlogs);
            prev = r.Binlogs[^1].CommitSeq;
        }
    }

    public static JsonElement Data(BinlogRecord b) => JsonDocument.Parse(b.Data!).RootElement;
}
