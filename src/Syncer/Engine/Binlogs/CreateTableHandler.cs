using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// CREATE_TABLE (2), a database-level binlog. A table sync replicates one table, so another table's creation is
/// skipped (the Go syncer fails the job on it). Database sync is not handled by this build yet and fails the binlog
/// (permanent) rather than silently missing a table.
/// </summary>
public sealed class CreateTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.CREATE_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<CreateTableRecord>(context);
        if (context.Job.SyncType == SyncType.TableSync)
        {
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped($"table sync: creation of {record.TableName}#{record.TableId} is not replicated"));
        }
        throw SyncException.Permanent($"binlog {context.CommitSeq}: CREATE_TABLE in a database sync is not supported by this build yet");
    }
}
