using System.Globalization;
using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>The binlog.* properties of a database or table, with Doris's defaults.</summary>
public sealed class BinlogConfig
{
    public const string EnableKey = "binlog.enable";
    public const string TtlKey = "binlog.ttl_seconds";
    public const string MaxBytesKey = "binlog.max_bytes";
    public const string MaxHistoryNumsKey = "binlog.max_history_nums";

    public static readonly string[] Keys = [EnableKey, TtlKey, MaxBytesKey, MaxHistoryNumsKey];

    public bool Enable { get; set; }

    public long TtlSeconds { get; set; } = 86400;

    public long MaxBytes { get; set; } = long.MaxValue;

    public long MaxHistoryNums { get; set; } = long.MaxValue;

    public static bool IsBinlogKey(string key) => Keys.Contains(key, StringComparer.OrdinalIgnoreCase);

    public BinlogConfig Clone() => (BinlogConfig)MemberwiseClone();

    /// <summary>Applies the binlog.* keys of <paramref name="properties"/>; throws a Doris error on bad values.</summary>
    public void MergeFrom(IEnumerable<KeyValuePair<string, string>> properties)
    {
        foreach (var (key, value) in properties)
        {
            switch (key.ToLowerInvariant())
            {
                case EnableKey:
                    if (!bool.TryParse(value, out var enable))
                    {
                        throw DorisErrors.Generic($"Invalid binlog.enable value: {value}");
                    }

                    Enable = enable;
                    break;
                case TtlKey:
                    TtlSeconds = ParseLong(key, value);
                    break;
                case MaxBytesKey:
                    MaxBytes = ParseLong(key, value);
                    break;
                case MaxHistoryNumsKey:
                    MaxHistoryNums = ParseLong(key, value);
                    break;
            }
        }
    }

    /// <summary>The four properties as Doris appends them to SHOW CREATE TABLE/DATABASE.</summary>
    public void AppendTo(StringBuilder sb)
    {
        sb.Append(",\n\"").Append(EnableKey).Append("\" = \"").Append(Enable ? "true" : "false").Append('"');
        sb.Append(",\n\"").Append(TtlKey).Append("\" = \"").Append(TtlSeconds.ToString(CultureInfo.InvariantCulture)).Append('"');
        sb.Append(",\n\"").Append(MaxBytesKey).Append("\" = \"").Append(MaxBytes.ToString(CultureInfo.InvariantCulture)).Append('"');
        sb.Append(",\n\"").Append(MaxHistoryNumsKey).Append("\" = \"").Append(MaxHistoryNums.ToString(CultureInfo.InvariantCulture)).Append('"');
    }

    /// <summary>The properties as a key/value list, in Doris's order.</summary>
    public List<KeyValuePair<string, string>> ToProperties() =>
    [
        new(EnableKey, Enable ? "true" : "false"),
        new(TtlKey, TtlSeconds.ToString(CultureInfo.InvariantCulture)),
        new(MaxBytesKey, MaxBytes.ToString(CultureInfo.InvariantCulture)),
        new(MaxHistoryNumsKey, MaxHistoryNums.ToString(CultureInfo.InvariantCulture)),
    ];

    private static long ParseLong(string key, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw DorisErrors.Generic($"Invalid {key} value: {value}");
}
