using System.Collections.Concurrent;

namespace Syncer.Tests.Support;

public sealed class ScriptedDatabase(string name, long id, bool binlogEnabled)
{
    public string Name { get; } = name;

    public long Id { get; } = id;

    public bool BinlogEnabled { get; set; } = binlogEnabled;

    public ConcurrentDictionary<string, ScriptedTable> Tables { get; } = new(StringComparer.Ordinal);
}
