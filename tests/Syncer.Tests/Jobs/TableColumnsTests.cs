using Syncer.Cluster;

namespace Syncer.Tests.Jobs;

/// <summary>The column comparison behind schema_drift_policy "stop" at creation.</summary>
public sealed class TableColumnsTests
{
    [Fact]
    public void Same_columns_differ_in_nothing() =>
        Assert.Null(TableColumns.Difference([("id", "INT"), ("v", "varchar(20)")], [("ID", "int"), ("v", "VARCHAR( 20 )")]));

    [Theory]
    [InlineData("column v is INT on the source, BIGINT on the target", "v", "BIGINT", false)]
    [InlineData("column 2 is v on the source, w on the target", "w", "INT", false)]
    [InlineData("column x exists only on the target", "v", "INT", true)]
    public void The_first_difference_is_named(string message, string name, string type, bool extra)
    {
        IReadOnlyList<(string, string)> source = [("id", "INT"), ("v", "INT")];
        IReadOnlyList<(string, string)> target = extra ? [("id", "INT"), (name, type), ("x", "INT")] : [("id", "INT"), (name, type)];
        Assert.Equal(message, TableColumns.Difference(source, target));
        if (extra) Assert.Equal("column x exists only on the source", TableColumns.Difference(target, source));
    }
}
