namespace Syncer.Store;

/// <summary>
/// An exclusive lock on a SQLite job store, held for the life of the process: a file <c>&lt;store&gt;.lock</c> beside
/// the database, opened with <see cref="FileShare.None"/> (on Linux and macOS an advisory <c>flock</c> that the kernel
/// releases when the process ends, however it ends). Two syncers on one SQLite file would each recover and run every
/// job; the second is refused before it reads anything. The file itself is left in place: deleting it while another
/// process is about to open it would let both believe they hold the lock.
/// </summary>
public sealed class StoreFileLock : IDisposable
{
    private readonly FileStream _file;

    private StoreFileLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock beside <paramref name="storePath"/>, or throws <see cref="StoreException"/> (not transient) when it is held.</summary>
    public static StoreFileLock Acquire(string storePath)
    {
        var full = System.IO.Path.GetFullPath(storePath);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var lockPath = full + ".lock";
        try
        {
            var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // For whoever looks at the file: which process holds the store.
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            file.Write(pid);
            file.Flush();
            return new StoreFileLock(file, lockPath);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreException(
                $"sqlite3 {full} is in use by another ccr_syncer (it holds {lockPath}); give each instance its own -db_dir, " +
                "or share a MySQL store (-db_type=mysql)", e);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
