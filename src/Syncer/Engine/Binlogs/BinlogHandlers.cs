using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// Every binlog handler, registered in one place, and the rules that pick one: a BARRIER that wraps another
/// binlog is unwrapped to it, types this build does not know are skipped with a log line.
/// </summary>
public sealed class BinlogHandlers
{
    /// <summary>
    /// Doris's MIN_UNKNOWN (newest FEs): types at or above it are placeholders reserved for back-ports, which Doris says
    /// a reader ignores.
    /// </summary>
    public const int MinUnknownType = 27;

    private readonly Dictionary<TBinlogType, IBinlogHandler> _handlers;

    /// <summary>Registers <paramref name="handlers"/>; two handlers for one type are a programming error.</summary>
    public BinlogHandlers(IEnumerable<IBinlogHandler> handlers) => _handlers = handlers.ToDictionary(h => h.Type);

    /// <summary>
    /// The full registry: every DDL and control handler of this build plus <paramref name="additional"/> (the UPSERT
    /// applier lives with the job runner and is passed in here). One visible list, so what the syncer replays is read
    /// in one place.
    /// </summary>
    public static BinlogHandlers CreateDefault(IEnumerable<IBinlogHandler>? additional = null) => new(
    [
        new AddPartitionHandler(),                  // 1
        new CreateTableHandler(),                   // 2
        new DropPartitionHandler(),                 // 3
        new DropTableHandler(),                     // 4
        new AlterJobHandler(),                      // 5
        new ModifyTableAddOrDropColumnsHandler(),   // 6
        new DummyHandler(),                         // 7
        new AlterDatabasePropertyHandler(),         // 8
        new ModifyTablePropertyHandler(),           // 9
        // 10 BARRIER: unwrapped or skipped by Resolve
        new ModifyPartitionsHandler(),              // 11
        new ReplacePartitionsHandler(),             // 12
        new TruncateTableHandler(),                 // 13
        new RenameTableHandler(),                   // 14
        new RenameColumnHandler(),                  // 15
        new ModifyCommentHandler(),                 // 16
        new ModifyViewDefHandler(),                 // 17
        new ReplaceTableHandler(),                  // 18
        new ModifyTableAddOrDropInvertedIndicesHandler(), // 19
        new IndexChangeJobHandler(),                // 20
        new RenameRollupHandler(),                  // 21
        new RenamePartitionHandler(),               // 22
        new DropRollupHandler(),                    // 23
        new RecoverInfoHandler(),                   // 24
        // 25 MODIFY_DISTRIBUTION_BUCKET_NUM, 26 MODIFY_DISTRIBUTION_TYPE: skipped by Resolve (no handler); see docs/binlog-handlers.md
        // 0 UPSERT: the job runner's applier, in additional
        .. additional ?? [],
    ]);

    /// <summary>The handler for <paramref name="type"/>, or null when none is registered.</summary>
    public IBinlogHandler? Find(TBinlogType type) => _handlers.GetValueOrDefault(type);

    /// <summary>
    /// The handler that applies <paramref name="binlog"/> and the binlog it must be given. A BARRIER carrying a
    /// <c>binlog</c> key is unwrapped into its inner type and payload (the key decides, never <c>binlogType</c>: a plain
    /// barrier has <c>"binlogType":0</c>, which is also UPSERT); a plain barrier is skipped; a type without a handler, or
    /// at or above <see cref="MinUnknownType"/>, gets a handler that skips it with a log line.
    /// </summary>
    /// <exception cref="SyncException">A BARRIER payload that cannot be read (permanent).</exception>
    /// <exception cref="InvalidOperationException">An UPSERT with no UPSERT handler registered: skipping it would lose data.</exception>
    public ResolvedBinlog Resolve(TBinlog binlog)
    {
        ArgumentNullException.ThrowIfNull(binlog);
        var type = binlog.Type ?? (TBinlogType)(-1);
        if (type == TBinlogType.BARRIER)
        {
            var inner = Unwrap(binlog);
            if (inner is null) return new(new SkipBinlogHandler(TBinlogType.BARRIER, "plain barrier (a backup's marker), nothing to apply", LogLevel.Debug), binlog);
            if (inner.Type == TBinlogType.BARRIER) return new(new SkipBinlogHandler(TBinlogType.BARRIER, "barrier wrapped in a barrier, nothing to apply", LogLevel.Debug), inner);
            return new(HandlerFor(inner.Type!.Value), inner);
        }
        return new(HandlerFor(type), binlog);
    }

    private IBinlogHandler HandlerFor(TBinlogType type)
    {
        if ((int)type < MinUnknownType && _handlers.TryGetValue(type, out var handler)) return handler;
        if (type == TBinlogType.UPSERT) throw new InvalidOperationException("no UPSERT handler is registered");
        return new SkipBinlogHandler(type, (int)type >= MinUnknownType
            ? string.Create(CultureInfo.InvariantCulture, $"binlog type {(int)type} is at or above MIN_UNKNOWN ({MinUnknownType}): reserved, ignored as Doris specifies")
            : string.Create(CultureInfo.InvariantCulture, $"binlog type {type} ({(int)type}) is not replicated by this build"));
    }

    /// <summary>The inner binlog of a wrapping BARRIER, or null for a plain one.</summary>
    internal static TBinlog? Unwrap(TBinlog barrier)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(string.IsNullOrEmpty(barrier.Data) ? "{}" : barrier.Data);
        }
        catch (JsonException e)
        {
            throw SyncException.Permanent($"binlog {barrier.CommitSeq}: malformed BARRIER payload: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw SyncException.Permanent($"binlog {barrier.CommitSeq}: BARRIER payload is not an object");
            var payload = Property(doc.RootElement, "binlog");
            // An absent, null or empty "binlog" is a plain barrier (N's rule); only then is binlogType meaningless.
            if (payload is not { ValueKind: JsonValueKind.String } p || p.GetString() is not { Length: > 0 } innerData) return null;
            var typeElement = Property(doc.RootElement, "binlogType");
            long innerType;
            if (typeElement is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var number)) innerType = number;
            else if (typeElement is { ValueKind: JsonValueKind.String } s && long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) innerType = parsed;
            else throw SyncException.Permanent($"binlog {barrier.CommitSeq}: BARRIER wraps a binlog without a readable binlogType");
            if (innerType is < 0 or > int.MaxValue) throw SyncException.Permanent($"binlog {barrier.CommitSeq}: BARRIER wraps binlog type {innerType}");
            return new TBinlog
            {
                CommitSeq = barrier.CommitSeq,
                Timestamp = barrier.Timestamp,
                Type = (TBinlogType)(int)innerType,
                DbId = barrier.DbId,
                TableIds = barrier.TableIds,
                Data = innerData,
                Belong = barrier.Belong,
                TableRef = barrier.TableRef,
                RemoveEnableCache = barrier.RemoveEnableCache,
            };
        }
    }

    // Gson writes exact names; match case-insensitively like every other payload read.
    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var exact)) return exact;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        }
        return null;
    }
}

/// <summary>A handler and the binlog to give it (the inner binlog when a BARRIER was unwrapped).</summary>
public sealed record ResolvedBinlog(IBinlogHandler Handler, TBinlog Binlog);

/// <summary>
/// Skips a binlog with a reason (plain barriers, unknown and reserved types) and a log line: a warning by default, since
/// an unknown type may be a change this build does not replicate; plain barriers (every backup writes them) log at debug.
/// </summary>
public sealed class SkipBinlogHandler(TBinlogType type, string reason, LogLevel level = LogLevel.Warning) : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type { get; } = type;

    /// <summary>Why the binlog is skipped.</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.Log(level, "binlog {CommitSeq} ({Type}) skipped: {Reason}", context.CommitSeq, (int)Type, Reason);
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped(Reason));
    }
}
