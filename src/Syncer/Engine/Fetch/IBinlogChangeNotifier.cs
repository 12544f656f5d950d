namespace Syncer.Engine.Fetch;

/// <summary>
/// Tells a caught-up job when its source may have new binlogs, so idle jobs do not each poll the source FE.
/// </summary>
public interface IBinlogChangeNotifier
{
    /// <summary>
    /// Completes when the source database of <paramref name="job"/> may have a binlog after <paramref name="afterCommitSeq"/>
    /// that concerns <paramref name="job"/>'s table (or database), or after <paramref name="maxWait"/> at the latest.
    /// </summary>
    Task WaitForChangeAsync(SourceWatchKey job, long afterCommitSeq, TimeSpan maxWait, CancellationToken cancellationToken);
}
