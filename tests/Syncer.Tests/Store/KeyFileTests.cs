using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileTests
{
    [Fact]
    public void Created_once_with_mode_0600_and_reused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("db/ccr.key");
        var key = KeyFile.LoadOrCreate(path, out var created);
        Assert.True(created);
        Assert.Equal(32, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(KeyFile.IsReadableByOthers(path));
        var again = KeyFile.LoadOrCreate(path, out var createdAgain);
        Assert.False(createdAgain);
        Assert.Equal(key, again);
    }

    [Fact]
    public void A_damaged_key_file_is_reported_not_replaced()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ccr.key");
        File.WriteAllText(path, "not base64!!");
        var error = Assert.Throws<StoreException>(() => KeyFile.LoadOrCreate(path, out _));
        Assert.Contains("is not valid", error.Message, StringComparison.Ordinal);
        Assert.Equal("not base64!!", File.ReadAllText(path));
        File.WriteAllText(path, Convert.ToBase64String(new byte[16]));
        Assert.Contains("expected 32 bytes, found 16", Assert.Throws<StoreException>(() => KeyFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cipher_round_trips_and_detects_tampering()
    {
        var cipher = new PasswordCipher(new byte[32]);
        var sealedText = cipher.Encrypt("pässwörd`'\"");
        Assert.StartsWith(PasswordCipher.Prefix, sealedText, StringComparison.Ordinal);
        Assert.NotEqual(sealedText, cipher.Encrypt("pässwörd`'\""));
        Assert.Equal("pässwörd`'\"", cipher.Decrypt(sealedText));
        Assert.Equal("", cipher.Encrypt(""));
        Assert.Equal("legacy-plain", cipher.Decrypt("legacy-plain"));
        var bytes = Convert.FromBase64String(sealedText[PasswordCipher.Prefix.Length..]);
        bytes[^1] ^= 1;
        Assert.Throws<StoreException>(() => cipher.Decrypt(PasswordCipher.Prefix + Convert.ToBase64String(bytes)));
    }
}
