namespace MiniDoris.Fe.Rpc;

/// <summary>TGetMetaRequest: auth plus the db (by id or name) and optionally which tables (by id or name).</summary>
public sealed record MetaRequest
{
    public string? User { get; init; }

    public string? Passwd { get; init; }

    public string? Token { get; init; }

    public long? DbId { get; init; }

    public string? DbName { get; init; }

    public bool OnlyTableNames { get; init; }

    /// <summary>Null means every table of the db.</summary>
    public IReadOnlyList<MetaTableSelector>? Tables { get; init; }
}

/// <summary>One requested table: by id, or by name when the id is not set.</summary>
public sealed record MetaTableSelector(long? Id, string? Name);
