namespace Syncer.TestSupport;

/// <summary>Locates external programs (mariadbd, mariadb...) on PATH and in the usual sbin directories.</summary>
public static class ExecutableFinder
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/usr/libexec", "/sbin"];

    /// <summary>The full path of the first of <paramref name="names"/> found, or null.</summary>
    public static string? TryFind(params string[] names)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories).ToArray();
        foreach (var name in names)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Like <see cref="TryFind"/>, but throws a message saying what to install.</summary>
    public static string Find(string package, params string[] names) =>
        TryFind(names) ?? throw new FileNotFoundException(
            $"None of {string.Join(", ", names)} was found on PATH or in /usr/sbin; install the Debian package '{package}' "
            + "(./build.sh test does this).");
}
