using System.Globalization;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.MySql;

/// <summary>
/// What the server needs to check a mysql_native_password login: SHA1(SHA1(password)), the same value mysql.user
/// stores as "*" + 40 hex digits. Built from a plaintext password or from such a stored hash.
/// </summary>
public sealed class MySqlUserCredential
{
    private MySqlUserCredential(byte[] doubleHash) => DoubleHash = doubleHash;

    /// <summary>An account without password: only an empty auth response is accepted.</summary>
    public static MySqlUserCredential NoPassword { get; } = new([]);

    /// <summary>SHA1(SHA1(password)), empty for an account without password.</summary>
    internal byte[] DoubleHash { get; }

    public static MySqlUserCredential FromPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new MySqlUserCredential(NativePassword.DoubleHash(password));
    }

    /// <summary>From the 20-byte SHA1(SHA1(password)).</summary>
    public static MySqlUserCredential FromDoubleSha1(ReadOnlySpan<byte> doubleHash)
    {
        if (doubleHash.Length is not (0 or NativePassword.HashLength))
        {
            throw new ArgumentException("A SHA1(SHA1(password)) hash is 20 bytes.", nameof(doubleHash));
        }

        return new MySqlUserCredential(doubleHash.ToArray());
    }

    /// <summary>From mysql.user's text form "*" + 40 hex digits (PASSWORD('x')); an empty string means no password.</summary>
    public static MySqlUserCredential FromMySqlHash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length == 0)
        {
            return NoPassword;
        }

        if (hash.Length != 41 || hash[0] != '*')
        {
            throw new ArgumentException("Expected '*' followed by 40 hexadecimal digits.", nameof(hash));
        }

        return FromDoubleSha1(Convert.FromHexString(hash.AsSpan(1)));
    }

    /// <summary>The mysql.user text form of this credential.</summary>
    public string ToMySqlHash() =>
        DoubleHash.Length == 0 ? string.Empty : "*" + Convert.ToHexString(DoubleHash).ToUpper(CultureInfo.InvariantCulture);
}
