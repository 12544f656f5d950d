namespace MiniDoris.Fe.Binlog;

/// <summary>A commit-seq-ordered list of binlogs headed by its DUMMY, whose seq marks the GC horizon.</summary>
public sealed class BinlogList
{
    public BinlogList(BinlogRecord dummy)
    {
        Dummy = dummy;
    }

    public BinlogRecord Dummy { get; }

    /// <summary>The real binlogs, strictly increasing by commit seq.</summary>
    public List<BinlogRecord> Items { get; } = [];

    /// <summary>Number of entries including the dummy, as Doris counts the list size.</summary>
    public int SizeWithDummy => Items.Count + 1;

    public void Append(BinlogRecord binlog) => Items.Add(binlog);

    /// <summary>Index of the first binlog with commit seq strictly greater than <paramref name="seq"/>, or Items.Count.</summary>
    public int FirstAfter(long seq)
    {
        int lo = 0, hi = Items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Items[mid].CommitSeq <= seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
