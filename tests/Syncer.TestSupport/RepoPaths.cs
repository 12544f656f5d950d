namespace Syncer.TestSupport;

/// <summary>Locates the repository (the directory holding Syncer.sln) from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding Syncer.sln.</summary>
    public static string Root => RootPath.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syncer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Syncer.sln above {AppContext.BaseDirectory}");
    }
}
