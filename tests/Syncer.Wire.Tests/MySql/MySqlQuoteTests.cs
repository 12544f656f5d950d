using MiniDoris.MySql;

namespace Syncer.Wire.Tests.MySql;

public sealed class MySqlQuoteTests
{
    [Theory]
    [InlineData("a", "`a`")]
    [InlineData("a`b", "`a``b`")]
    [InlineData("``", "``````")]
    [InlineData("数据 表", "`数据 表`")]
    public void Identifier_doubles_backticks(string name, string expected) => Assert.Equal(expected, MySqlQuote.Identifier(name));

    [Fact]
    public void Identifier_rejects_empty_and_nul()
    {
        Assert.Throws<ArgumentException>(() => MySqlQuote.Identifier(string.Empty));
        Assert.Throws<ArgumentException>(() => MySqlQuote.Identifier("a\0b"));
    }

    [Fact]
    public void Qualified_identifier_quotes_both_parts()
    {
        Assert.Equal("`db`.`t``1`", MySqlQuote.QualifiedIdentifier("db", "t`1"));
        Assert.Equal("`t`", MySqlQuote.QualifiedIdentifier(null, "t"));
        Assert.Equal("`t`", MySqlQuote.QualifiedIdentifier(string.Empty, "t"));
    }

    [Theory]
    [InlineData("it's \\ \"x\"\n", @"'it''s \\ ""x""\n'")]
    [InlineData("a\0b\rc\x1a", @"'a\0b\rc\Z'")]
    [InlineData("", "''")]
    [InlineData("数据😀\t%_", "'数据😀\t%_'")]
    public void String_escapes_the_dangerous_characters(string value, string expected) => Assert.Equal(expected, MySqlQuote.String(value));

    [Fact]
    public void String_and_bytes_literals()
    {
        Assert.Equal("NULL", MySqlQuote.String(null));
        Assert.Equal("X'00FF10'", MySqlQuote.Bytes([0x00, 0xFF, 0x10]));
        Assert.Equal("X''", MySqlQuote.Bytes([]));
    }
}
