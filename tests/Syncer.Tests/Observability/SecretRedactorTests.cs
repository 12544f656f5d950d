using Syncer.Observability;

namespace Syncer.Tests.Observability;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Registered_secrets_are_masked_anywhere()
    {
        var redactor = new SecretRedactor();
        redactor.Register("Tr0ub4dor&3");
        var line = redactor.Redact("connect failed for root/Tr0ub4dor&3 at host; again Tr0ub4dor&3");
        Assert.DoesNotContain("Tr0ub4dor&3", line, StringComparison.Ordinal);
        Assert.Equal("connect failed for root/****** at host; again ******", line);
    }

    [Theory]
    [InlineData("{\"user\":\"root\",\"password\":\"hunter22\"}", "{\"user\":\"root\",\"password\":\"******\"}")]
    [InlineData("{\"password\": \"with \\\"quote\\\" x\"}", "{\"password\": \"******\"}")]
    [InlineData("job_info {\\\"password\\\":\\\"hunter22\\\"}", "job_info {\\\"password\\\":\\\"******\\\"}")]
    [InlineData("dsn user=root password=hunter22 host=x", "dsn user=root password=****** host=x")]
    [InlineData("-db_password=hunter22 -port=1", "-db_password=****** -port=1")]
    [InlineData("Authorization: Bearer abc.def-123", "Authorization: Bearer ******")]
    [InlineData("passwd: 'hunter22'", "passwd: ******")]
    public void Secret_shapes_are_masked_even_when_never_registered(string input, string expected) =>
        Assert.Equal(expected, new SecretRedactor().Redact(input));

    [Theory]
    [InlineData("Access denied for user 'root'@'127.0.0.1' (using password: YES)")]
    [InlineData("Access denied for user 'ccr'@'localhost' (using password: NO)")]
    public void MySql_access_denied_keeps_whether_a_password_was_used(string line) =>
        Assert.Equal(line, new SecretRedactor().Redact(line));

    [Fact]
    public void A_registered_secret_is_masked_inside_an_access_denied_line()
    {
        var redactor = new SecretRedactor();
        redactor.Register("s3cret-pw");
        Assert.Equal("login s3cret-pw failed: Access denied for user 'root'@'localhost' (using password: YES)".Replace("s3cret-pw", "******", StringComparison.Ordinal),
            redactor.Redact("login s3cret-pw failed: Access denied for user 'root'@'localhost' (using password: YES)"));
        Assert.Equal("password: ****** (using password: YES)", redactor.Redact("password: YESMAN (using password: YES)"));
    }

    [Fact]
    public void Ordinary_text_is_untouched()
    {
        const string text = "job demo created: src 127.0.0.1:9030/db.t, dest 127.0.0.1:9031/db.t";
        Assert.Equal(text, new SecretRedactor().Redact(text));
    }

    [Fact]
    public void Short_values_are_not_registered_so_words_survive()
    {
        var redactor = new SecretRedactor();
        redactor.Register("a");
        Assert.Equal("a cat", redactor.Redact("a cat"));
    }
}
