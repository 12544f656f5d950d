using MiniDoris.MySql;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.Tests.MySql;

public sealed class AuthenticationTests
{
    private static readonly byte[] Nonce = "0123456789abcdefghij"u8.ToArray();

    [Fact]
    public void Native_password_token_verifies_against_the_stored_double_hash()
    {
        var stored = NativePassword.DoubleHash("secret");
        Assert.True(NativePassword.Verify(NativePassword.ComputeToken("secret", Nonce), Nonce, stored));
        Assert.False(NativePassword.Verify(NativePassword.ComputeToken("Secret", Nonce), Nonce, stored));
        Assert.False(NativePassword.Verify(NativePassword.ComputeToken("secret", "x123456789abcdefghij"u8), Nonce, stored));
        Assert.False(NativePassword.Verify([], Nonce, stored));
    }

    [Fact]
    public void Empty_password_means_empty_token_and_only_matches_an_empty_hash()
    {
        Assert.Empty(NativePassword.ComputeToken(string.Empty, Nonce));
        Assert.True(NativePassword.Verify([], Nonce, MySqlUserCredential.NoPassword.DoubleHash));
        Assert.False(NativePassword.Verify(NativePassword.ComputeToken("x", Nonce), Nonce, MySqlUserCredential.NoPassword.DoubleHash));
    }

    [Fact]
    public void Credential_matches_mysql_password_function_format()
    {
        // MySQL: SELECT PASSWORD('password') = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'.
        const string Stored = "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19";
        Assert.Equal(Stored, MySqlUserCredential.FromPassword("password").ToMySqlHash());
        Assert.Equal(Stored, MySqlUserCredential.FromMySqlHash(Stored.ToLowerInvariant()).ToMySqlHash());
        Assert.Equal(string.Empty, MySqlUserCredential.FromMySqlHash(string.Empty).ToMySqlHash());
        Assert.Throws<ArgumentException>(() => MySqlUserCredential.FromMySqlHash("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));
        Assert.Throws<ArgumentException>(() => MySqlUserCredential.FromDoubleSha1(new byte[19]));
    }
}
