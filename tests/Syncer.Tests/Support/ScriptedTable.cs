namespace Syncer.Tests.Support;

public sealed class ScriptedTable(string name, long id, bool binlogEnabled, bool isView)
{
    public string Name { get; } = name;

    public long Id { get; } = id;

    public bool BinlogEnabled { get; set; } = binlogEnabled;

    public bool IsView { get; } = isView;

    public bool BeingSynced { get; set; } = true;
}
