namespace MiniDoris.Fe.Binlog;

/// <summary>A dropped partition, table or index id with the commit seq of the binlog that dropped it.</summary>
public sealed record DroppedObject(long Id, long CommitSeq);
