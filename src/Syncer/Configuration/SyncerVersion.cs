using System.Reflection;

namespace Syncer.Configuration;

/// <summary>The version reported by <c>-version</c> and <c>/version</c>.</summary>
public static class SyncerVersion
{
    /// <summary>"&lt;version&gt;:&lt;short commit&gt;" when the build recorded a commit, else the version alone (Go prints "&lt;tag&gt;:&lt;sha&gt;").</summary>
    public static string Text { get; } = Compute();

    private static string Compute()
    {
        var informational = typeof(SyncerVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0) return informational;
        var sha = informational[(plus + 1)..];
        return $"{informational[..plus]}:{sha[..Math.Min(7, sha.Length)]}";
    }
}
