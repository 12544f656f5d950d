using Syncer.Jobs;

namespace Syncer.Tests.Jobs;

/// <summary>The include/exclude pattern language: globs, classes, escapes, backquoted literals, Unicode names.</summary>
public sealed class TablePatternTests
{
    [Theory]
    [InlineData("orders", "orders", true)]
    [InlineData("orders", "Orders", false)]
    [InlineData("orders", "orders_2024", false)]
    [InlineData("orders*", "orders", true)]
    [InlineData("orders*", "orders_2024", true)]
    [InlineData("orders*", "my_orders", false)]
    [InlineData("*_tmp", "x_tmp", true)]
    [InlineData("*_tmp", "x_tmp_1", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("a**c", "ac", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "a", true)]
    [InlineData("?", "ab", false)]
    [InlineData("t_?", "t_1", true)]
    [InlineData("p[0-9]", "p7", true)]
    [InlineData("p[0-9]", "px", false)]
    [InlineData("p[!0-9]", "px", true)]
    [InlineData("p[^0-9]", "p7", false)]
    [InlineData("p[abc]", "pb", true)]
    [InlineData("p[]]", "p]", true)]
    [InlineData("p[a-]", "p-", true)]
    [InlineData(@"sales\*", "sales*", true)]
    [InlineData(@"sales\*", "sales_x", false)]
    [InlineData(@"a\\b", @"a\b", true)]
    [InlineData(@"a\[b", "a[b", true)]
    public void Globs_match_whole_names(string pattern, string table, bool matches) =>
        Assert.Equal(matches, TablePattern.Parse(pattern).Matches(table));

    [Theory]
    [InlineData("`sales*`", "sales*", true)]
    [InlineData("`sales*`", "sales_2024", false)]
    [InlineData("`we``ird`", "we`ird", true)]
    [InlineData("`a?b`", "axb", false)]
    [InlineData("we`ird", "we`ird", true)]
    [InlineData("we`*", "we`ird", true)]
    [InlineData("`订单`", "订单", true)]
    public void Backquoted_patterns_are_literal_names_and_other_backquotes_are_characters(string pattern, string table, bool matches) =>
        Assert.Equal(matches, TablePattern.Parse(pattern).Matches(table));

    [Theory]
    [InlineData("订单*", "订单_2024", true)]
    [InlineData("订单*", "订", false)]
    [InlineData("订?", "订单", true)]
    [InlineData("t_?", "t_😀", true)]
    [InlineData("t_??", "t_😀", false)]
    [InlineData("[😀😁]x", "😁x", true)]
    [InlineData("Ünïcode_*", "Ünïcode_tbl", true)]
    public void Unicode_names_match_by_code_point(string pattern, string table, bool matches) =>
        Assert.Equal(matches, TablePattern.Parse(pattern).Matches(table));

    [Fact]
    public void Literal_is_known_only_for_patterns_without_wildcards()
    {
        Assert.Equal("orders", TablePattern.Parse("orders").Literal);
        Assert.Equal("sales*", TablePattern.Parse(@"sales\*").Literal);
        Assert.Equal("we`ird", TablePattern.Parse("`we``ird`").Literal);
        Assert.Null(TablePattern.Parse("orders*").Literal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(" orders", "has leading or trailing spaces")]
    [InlineData("ord\u0001", "contains a control character")]
    [InlineData("ord[ers", "has an unclosed '[' at character 4")]
    [InlineData(@"orders\", "ends with '\\'")]
    [InlineData("`orders", "has an unclosed backquote")]
    [InlineData("`a`b", "has text after its closing backquote")]
    [InlineData("``", "is an empty quoted name")]
    [InlineData("p[z-a]", "has the empty range z-a")]
    public void Invalid_patterns_say_why(string pattern, string message)
    {
        var error = Assert.Throws<FormatException>(() => TablePattern.Parse(pattern));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_a_long_name_against_many_stars_stays_linear()
    {
        var pattern = TablePattern.Parse(string.Concat(Enumerable.Repeat("a*", 30)) + "b");
        var name = new string('a', 5000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(pattern.Matches(name));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
