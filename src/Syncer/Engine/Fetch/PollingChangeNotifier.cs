namespace Syncer.Engine.Fetch;

/// <summary>The simplest <see cref="IBinlogChangeNotifier"/>: every caught-up job asks its source again after a short delay.</summary>
public sealed class PollingChangeNotifier(TimeProvider time) : IBinlogChangeNotifier
{
    /// <summary>The delay between two polls of an idle job.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    public Task WaitForChangeAsync(SourceWatchKey job, long afterCommitSeq, TimeSpan maxWait, CancellationToken cancellationToken) =>
        Task.Delay(maxWait < Interval ? maxWait : Interval, time, cancellationToken);
}
