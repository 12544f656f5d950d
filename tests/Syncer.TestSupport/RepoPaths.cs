namespace Syncer.TestSupport;

/// <summary>Locates the repository and the shared/ folder that sits beside it (as on CI and developer machines).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding Syncer.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The steering repository's shared/ folder (../shared from the project root).</summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            return Directory.Exists(shared)
                ? shared
                : throw new DirectoryNotFoundException($"shared/ was expected beside the repository at {shared}");
        }
    }

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
