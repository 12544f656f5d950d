using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// ALTER_DATABASE_PROPERTY (8): database properties (binlog settings, quotas, replica allocation defaults) configure
/// the source cluster's database, not replicated data, so the binlog is skipped, as in the Go syncer.
/// </summary>
public sealed class AlterDatabasePropertyHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.ALTER_DATABASE_PROPERTY;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped("database properties belong to the source cluster, not copied"));
    }
}
