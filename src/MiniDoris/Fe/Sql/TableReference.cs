namespace MiniDoris.Fe.Sql;

/// <summary>A table a translated query reads, and the SQLite schema alias it must be materialised under.</summary>
public sealed record TableReference(string Db, string Table, string SchemaAlias);
