using System.Security.Cryptography;
using System.Text;

namespace Syncer.Wire.MySql.Protocol;

/// <summary>
/// caching_sha2_password (MySQL 8 default). Fast path: token = SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce),
/// answered by 0x01 0x03 then OK. Full authentication (0x01 0x04) over plain TCP sends the password RSA-encrypted
/// with the server's public key, which the client requests with 0x02.
/// </summary>
internal static class CachingSha2Password
{
    public const byte FastAuthSuccess = 0x03;
    public const byte PerformFullAuthentication = 0x04;
    public const byte RequestPublicKey = 0x02;

    public static byte[] ComputeToken(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var stage1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA256.HashData(stage1);
        var mix = SHA256.HashData([.. stage2, .. nonce]);
        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] ^= stage1[i];
        }

        return mix;
    }

    /// <summary>
    /// RSA-OAEP(SHA1) encryption of (password + NUL) XOR nonce, the form the server decrypts when no TLS is in use.
    /// </summary>
    public static byte[] EncryptPassword(string password, ReadOnlySpan<byte> nonce, string publicKeyPem)
    {
        var plain = Encoding.UTF8.GetBytes(password + "\0");
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] ^= nonce[i % nonce.Length];
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }
}
