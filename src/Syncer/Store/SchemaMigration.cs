namespace Syncer.Store;

/// <summary>One numbered schema step; applied once, in order, inside a transaction with its version record.</summary>
public sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);
