using System.Security.Cryptography;

namespace Syncer.Store;

/// <summary>
/// The key file holding the AES key for stored passwords: 32 random bytes, base64 on one line, created on
/// first start with mode 0600 (owner read/write only). Several instances sharing a MySQL store must share it.
/// </summary>
public static class KeyFile
{
    /// <summary>Reads the key at <paramref name="path"/>, creating it if it does not exist.</summary>
    /// <param name="path">Key file path.</param>
    /// <param name="created">True when this call created the file.</param>
    public static byte[] LoadOrCreate(string path, out bool created)
    {
        created = false;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(32);
            try
            {
                // CreateNew: if another process creates it first we read theirs instead of overwriting it.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(path, options))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Convert.ToBase64String(key));
                    writer.Write('\n');
                }
                created = true;
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Lost the creation race; fall through and read the winner's key.
            }
        }
        return Read(path);
    }

    /// <summary>Reads an existing key file.</summary>
    public static byte[] Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot read key file {path}: {e.Message}", e);
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new StoreException($"key file {path} is not valid: expected 32 bytes in base64 on one line");
        }
        if (key.Length != 32) throw new StoreException($"key file {path} is not valid: expected 32 bytes, found {key.Length}");
        return key;
    }

    /// <summary>True when group or others may read the file (worth a warning: the key protects every stored password).</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
}
