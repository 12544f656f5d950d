namespace MiniDoris.Fe.Binlog;

/// <summary>
/// The iteration order of a java.util.HashMap&lt;String, V&gt; filled with default capacity: Doris builds several payload
/// maps (statement PROPERTIES, which the parser collects into a HashMap) and serialises them, or text built from them,
/// in that order. Buckets are visited by index (String.hashCode spread by h ^ (h &gt;&gt;&gt; 16), masked by the table
/// size); within a bucket entries keep insertion order, which Java 8+ also keeps across resizes. A re-put key keeps its
/// place and takes the new value.
/// </summary>
internal static class JavaHashMapOrder
{
    public static List<KeyValuePair<string, string>> Order(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var distinct = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            var at = distinct.FindIndex(e => e.Key == entry.Key);
            if (at >= 0)
            {
                distinct[at] = entry;
            }
            else
            {
                distinct.Add(entry);
            }
        }

        // HashMap doubles its table (from 16) whenever the size passes 0.75 of it.
        var capacity = 16;
        while (distinct.Count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        return distinct
            .Select((e, i) => (Entry: e, Bucket: Spread(StringHashCode(e.Key)) & (capacity - 1), Position: i))
            .OrderBy(x => x.Bucket).ThenBy(x => x.Position)
            .Select(x => x.Entry)
            .ToList();
    }

    /// <summary>java.lang.String.hashCode over UTF-16 code units, with int overflow.</summary>
    public static int StringHashCode(string s)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }

        return h;
    }

    private static int Spread(int h) => h ^ (int)((uint)h >> 16);
}
