using Syncer.Jobs;

namespace Syncer.Tests.Jobs;

/// <summary>include_tables minus exclude_tables, exclusion first.</summary>
public sealed class TableFilterTests
{
    [Fact]
    public void No_lists_let_every_table_through()
    {
        var filter = TableFilter.Parse(null, []);
        Assert.True(filter.IsAll);
        Assert.True(filter.Includes("anything"));
        Assert.Null(filter.WhyExcluded("anything"));
    }

    [Fact]
    public void Include_only_names_the_tables_synced()
    {
        var filter = TableFilter.Parse(["orders", "customer_*"], null);
        Assert.True(filter.Includes("orders"));
        Assert.True(filter.Includes("customer_eu"));
        Assert.False(filter.Includes("orders_old"));
        Assert.Equal("table orders_old matches no include_tables entry", filter.WhyExcluded("orders_old"));
    }

    [Fact]
    public void Exclude_wins_over_include()
    {
        var filter = TableFilter.Parse(["*"], ["*_tmp", "`audit*`"]);
        Assert.True(filter.Includes("orders"));
        Assert.False(filter.Includes("orders_tmp"));
        Assert.False(filter.Includes("audit*"));
        Assert.True(filter.Includes("audit_log"));
        Assert.Equal("table orders_tmp matches exclude_tables entry *_tmp", filter.WhyExcluded("orders_tmp"));
    }

    [Fact]
    public void Exclude_only_syncs_everything_else()
    {
        var filter = TableFilter.Parse(null, ["tmp_*"]);
        Assert.True(filter.Includes("orders"));
        Assert.False(filter.Includes("tmp_x"));
    }

    [Fact]
    public void Errors_name_the_list_and_the_entry()
    {
        var error = Assert.Throws<FormatException>(() => TableFilter.Parse(["orders", "ord[ers"], null));
        Assert.Equal("include_tables[1] \"ord[ers\" has an unclosed '[' at character 4 (write \\[ for a literal '[')", error.Message);
        error = Assert.Throws<FormatException>(() => TableFilter.Parse(null, [""]));
        Assert.Equal("exclude_tables[0] \"\" is empty", error.Message);
    }

    [Fact]
    public void A_job_without_filters_or_a_table_job_syncs_everything()
    {
        Assert.True(TableFilter.Of(new JobInfo()).IsAll);
        var filtered = TableFilter.Of(new JobInfo { IncludeTables = ["a*"], ExcludeTables = ["ab"] });
        Assert.True(filtered.Includes("ac"));
        Assert.False(filtered.Includes("ab"));
    }
}
