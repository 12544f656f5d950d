namespace MiniDoris.Fe.Catalog;

/// <summary>Where a tablet sits in the catalog.</summary>
public sealed record TabletLocation(Database Db, OlapTable Table, Partition Partition, MaterializedIndex Index, Tablet Tablet);
