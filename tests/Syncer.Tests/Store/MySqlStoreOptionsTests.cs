using Syncer.Store;

namespace Syncer.Tests.Store;

public sealed class MySqlStoreOptionsTests
{
    [Fact]
    public void ToString_never_shows_the_password()
    {
        var options = new MySqlStoreOptions("127.0.0.9", 3306, "ccr", "s3cret-pw");
        Assert.Equal("ccr@127.0.0.9:3306/ccr", options.ToString());
        Assert.DoesNotContain("s3cret-pw", $"{options with { ConnectTimeout = TimeSpan.FromSeconds(1) }}", StringComparison.Ordinal);
    }
}
