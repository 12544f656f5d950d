namespace MiniDoris.MySql.Protocol;

/// <summary>Helpers shared by the scramble-based authentication plugins.</summary>
internal static class AuthNonce
{
    /// <summary>The nonce both plugins use is 20 bytes.</summary>
    public const int NonceLength = 20;

    /// <summary>Servers append a NUL to the 20-byte nonce; the hash must not include it.</summary>
    public static byte[] Trim(ReadOnlySpan<byte> data) =>
        (data.Length == NonceLength + 1 && data[^1] == 0 ? data[..NonceLength] : data).ToArray();
}
