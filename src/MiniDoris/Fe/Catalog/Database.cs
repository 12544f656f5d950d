using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Catalog;

/// <summary>A database of the internal catalog.</summary>
public sealed class Database
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public BinlogConfig BinlogConfig { get; set; } = new();

    /// <summary>Whether any binlog.* property was ever set (SHOW CREATE DATABASE prints them only then).</summary>
    public bool HasBinlogProperties { get; set; }

    /// <summary>Properties other than binlog.*, kept verbatim.</summary>
    public List<KeyValuePair<string, string>> ExtraProperties { get; set; } = [];

    public List<Table> Tables { get; set; } = [];

    public long CreateTime { get; set; }

    [JsonIgnore]
    public IEnumerable<OlapTable> OlapTables => Tables.OfType<OlapTable>();

    /// <summary>Finds a table by name; Doris table names are case-sensitive.</summary>
    public Table? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public Table? FindTable(long id) => Tables.FirstOrDefault(t => t.Id == id);
}
