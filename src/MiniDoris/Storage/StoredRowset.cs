namespace MiniDoris.Storage;

/// <summary>
/// A rowset as stored: <see cref="Version"/> is null while the rowset is staged by a transaction that has not
/// been published; <see cref="Meta"/> is the rowset meta JSON and <see cref="Data"/> its single segment.
/// </summary>
public sealed record StoredRowset(string RowsetId, long TabletId, long? Version, long TxnId, long NumRows, string Meta, byte[]? Data);
