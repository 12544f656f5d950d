using Syncer.Store;

namespace Syncer.Tests.Store;

public sealed class MySqlParametersTests
{
    [Fact]
    public void Binds_values_as_escaped_literals()
    {
        var sql = MySqlParameters.Bind("SELECT * FROM t WHERE a = @a AND b = @b AND c = @c AND d = @d",
            ("a", "it's \\ \"x\""), ("b", 42L), ("c", null), ("d", true));
        Assert.Equal("SELECT * FROM t WHERE a = 'it''s \\\\ \"x\"' AND b = 42 AND c = NULL AND d = 1", sql);
    }

    [Fact]
    public void Leaves_placeholders_inside_quotes_and_variables_alone()
    {
        var sql = MySqlParameters.Bind("SELECT '@a', `@a`, \"@a\", @@version, @a", ("a", 1));
        Assert.Equal("SELECT '@a', `@a`, \"@a\", @@version, 1", sql);
    }

    [Fact]
    public void A_value_cannot_inject_a_placeholder_or_sql()
    {
        var sql = MySqlParameters.Bind("INSERT INTO t VALUES (@a, @b)", ("a", "@b'); DROP TABLE t; --"), ("b", "x"));
        Assert.Equal("INSERT INTO t VALUES ('@b''); DROP TABLE t; --', 'x')", sql);
    }

    [Fact]
    public void Missing_values_are_an_error() =>
        Assert.Contains("@missing", Assert.Throws<ArgumentException>(() => MySqlParameters.Bind("SELECT @missing")).Message, StringComparison.Ordinal);
}
