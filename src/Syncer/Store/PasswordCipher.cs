using System.Security.Cryptography;
using System.Text;

namespace Syncer.Store;

/// <summary>
/// Encrypts the passwords inside job_info with AES-256-GCM so a copied store file or a database dump does
/// not reveal cluster credentials. Ciphertext is <c>enc:v1:</c> + base64(nonce ‖ ciphertext ‖ tag).
/// Text without the prefix is taken as a plaintext password written by the Go syncer, so an existing Go
/// store can be adopted; it is encrypted the next time the job is written.
/// </summary>
public sealed class PasswordCipher
{
    /// <summary>Marks an encrypted value.</summary>
    public const string Prefix = "enc:v1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Binds ciphertexts to their purpose, so a value cannot be replayed into another kind of field.
    private static readonly byte[] AssociatedData = "ccr_syncer job_info password"u8.ToArray();

    private readonly byte[] _key;

    /// <summary>Uses a 32-byte key (see <see cref="KeyFile"/>).</summary>
    public PasswordCipher(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("the password key must be 32 bytes", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>True when <paramref name="value"/> carries the encrypted-value prefix.</summary>
    public static bool IsEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Encrypts; the empty password stays empty (nothing to hide, and Doris' root often has none).</summary>
    public string Encrypt(string plaintext)
    {
        if (plaintext.Length == 0) return "";
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), AssociatedData);
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Decrypts an <c>enc:v1:</c> value; returns other text unchanged (legacy plaintext).</summary>
    /// <exception cref="StoreException">The value was encrypted with another key or is corrupt.</exception>
    public string Decrypt(string stored)
    {
        if (!IsEncrypted(stored)) return stored;
        byte[] data;
        try
        {
            data = Convert.FromBase64String(stored[Prefix.Length..]);
        }
        catch (FormatException)
        {
            throw new StoreException("a stored password is corrupt (not base64)");
        }
        if (data.Length < NonceSize + TagSize) throw new StoreException("a stored password is corrupt (too short)");
        var plaintext = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plaintext.Length), data.AsSpan(NonceSize + plaintext.Length), plaintext, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StoreException("cannot decrypt a stored password: the key file does not match the one the job was stored with (see -key_file)");
        }
        return Encoding.UTF8.GetString(plaintext);
    }
}
