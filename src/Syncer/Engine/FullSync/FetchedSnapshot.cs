namespace Syncer.Engine.FullSync;

/// <summary>A snapshot as getSnapshot returned it (uncompressed), with job_info already carrying extra_info.</summary>
public sealed record FetchedSnapshot(string Name, byte[] Meta, byte[] JobInfo, long TableCommitSeq);
