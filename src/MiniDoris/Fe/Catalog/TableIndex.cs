using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>
/// A secondary index of a table (Doris's catalog Index: INVERTED, BITMAP, NGRAM_BF), as opposed to the materialized
/// indexes that hold the data. It lives in table metadata only; minidoris has no index files to build.
/// </summary>
public sealed class TableIndex
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public List<string> Columns { get; set; } = [];

    /// <summary>INVERTED, BITMAP or NGRAM_BF.</summary>
    public string IndexType { get; set; } = "INVERTED";

    public List<KeyValuePair<string, string>> Properties { get; set; } = [];

    public string Comment { get; set; } = string.Empty;

    public List<int> ColumnUniqueIds { get; set; } = [];

    /// <summary>
    /// Doris's Index.toSql, the form SHOW CREATE TABLE prints inside the column list: columns backquoted and joined
    /// by a bare comma, properties in parentheses right after PROPERTIES, the comment only when it is not blank.
    /// </summary>
    public string ToSql()
    {
        var sb = new StringBuilder("INDEX ").Append(Name).Append(" (");
        sb.Append(string.Join(",", Columns.Select(c => $"`{c}`"))).Append(')');
        sb.Append(" USING ").Append(IndexType);
        if (Properties.Count > 0)
        {
            sb.Append(" PROPERTIES(").Append(string.Join(", ", Properties.Select(p => $"\"{p.Key}\" = \"{p.Value}\""))).Append(')');
        }

        if (!string.IsNullOrWhiteSpace(Comment))
        {
            sb.Append(" COMMENT '").Append(Comment.Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
        }

        return sb.ToString();
    }
}
