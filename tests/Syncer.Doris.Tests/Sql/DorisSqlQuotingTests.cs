using Syncer.Doris.Sql;

namespace Syncer.Doris.Tests.Sql;

public sealed class DorisSqlQuotingTests
{
    [Theory]
    [InlineData("a", "`a`")]
    [InlineData("a`b", "`a``b`")]
    [InlineData("``", "``````")]
    [InlineData("数据 表", "`数据 表`")]
    public void Identifier_doubles_backticks(string name, string expected) => Assert.Equal(expected, DorisSql.Identifier(name));

    [Fact]
    public void Identifier_rejects_empty_and_nul()
    {
        Assert.Throws<ArgumentException>(() => DorisSql.Identifier(string.Empty));
        Assert.Throws<ArgumentException>(() => DorisSql.Identifier("a\0b"));
    }

    [Theory]
    [InlineData("it's \\ \"x\"\n", @"'it''s \\ ""x""\n'")]
    [InlineData("a\0b\rc\x1a", @"'a\0b\rc\Z'")]
    [InlineData("", "''")]
    [InlineData("数据😀\t%_", "'数据😀\t%_'")]
    public void String_escapes_the_dangerous_characters(string value, string expected) => Assert.Equal(expected, DorisSql.String(value));

    [Fact]
    public void Null_is_not_a_string() => Assert.Throws<ArgumentNullException>(() => DorisSql.String(null!));
}
