namespace Syncer.Store;

/// <summary>Where the MySQL job store lives; the database is always <see cref="DatabaseName"/>, created if missing.</summary>
public sealed record MySqlStoreOptions(string Host, int Port, string User, string Password)
{
    /// <summary>The Go syncer's database name.</summary>
    public const string DatabaseName = "ccr";

    /// <summary>Connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-statement timeout.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the store is, without the password (a record's generated ToString would print it).</summary>
    public override string ToString() => $"{User}@{Host}:{Port}/{DatabaseName}";
}
