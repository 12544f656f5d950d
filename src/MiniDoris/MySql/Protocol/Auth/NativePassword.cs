using System.Security.Cryptography;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>
/// mysql_native_password: the client proves knowledge of SHA1(password) without sending it,
/// token = SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))); the server stores only SHA1(SHA1(password)).
/// </summary>
internal static class NativePassword
{
    public const int HashLength = 20;

    /// <summary>The client's auth response; empty for an empty password, as the server expects.</summary>
    public static byte[] ComputeToken(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);
        var mix = SHA1.HashData([.. nonce, .. stage2]);
        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] ^= stage1[i];
        }

        return mix;
    }

    /// <summary>SHA1(SHA1(password)): what mysql.user stores (as "*HEX"); empty for an empty password.</summary>
    public static byte[] DoubleHash(string password) =>
        password.Length == 0 ? [] : SHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>Checks a client token against the stored double hash (empty hash = account without password).</summary>
    public static bool Verify(ReadOnlySpan<byte> token, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> doubleHash)
    {
        if (doubleHash.IsEmpty)
        {
            return token.IsEmpty;
        }

        if (token.Length != HashLength || doubleHash.Length != HashLength)
        {
            return false;
        }

        // token XOR SHA1(nonce + stored) recovers the candidate SHA1(password); its SHA1 must equal the stored hash.
        Span<byte> candidate = stackalloc byte[HashLength];
        SHA1.HashData([.. nonce, .. doubleHash], candidate);
        for (var i = 0; i < HashLength; i++)
        {
            candidate[i] ^= token[i];
        }

        Span<byte> check = stackalloc byte[HashLength];
        SHA1.HashData(candidate, check);
        return CryptographicOperations.FixedTimeEquals(check, doubleHash);
    }
}
