using MiniDoris.Faults;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Qe;
using MiniDoris.MySql;

namespace MiniDoris.Fe.MySqlFront;

/// <summary>
/// The FE's MySQL front: hands every COM_QUERY to the engine and turns its results and Doris errors into
/// MySQL replies. One engine session per connection, kept in the wire session's items.
/// </summary>
internal sealed class DorisCommandHandler : IMySqlCommandHandler
{
    private const string SessionKey = "minidoris.session";
    private readonly DorisCluster _cluster;
    private readonly int _frontend;

    /// <param name="cluster">The engine every FE shares: SQL on a follower runs where Doris would forward it.</param>
    /// <param name="frontend">Which FE this MySQL front belongs to.</param>
    public DorisCommandHandler(DorisCluster cluster, int frontend = 0)
    {
        _cluster = cluster;
        _frontend = frontend;
    }

    public ValueTask OnSessionOpenedAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        // A database named at login was already accepted through InitDatabaseAsync, which created the session.
        Context(session);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<MySqlReply> QueryAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
    {
        var keyword = FirstKeyword(sql);
        var fault = keyword.Length == 0 ? null : _cluster.Faults.Trigger(FaultNames.Sql(keyword));
        switch (fault?.Action)
        {
            case FaultAction.Fail:
                return MySqlReply.Error(1105, "HY000", $"minidoris fault injection: {keyword} failed");
            case FaultAction.Delay:
                await Task.Delay(fault.DelayMs ?? 0, cancellationToken).ConfigureAwait(false);
                break;
            case FaultAction.Timeout or FaultAction.Reset:
                // A cut-off FE: with "after" the statement takes effect and only its answer is lost.
                if (fault.After) Execute(session, sql);
                if (fault.Action == FaultAction.Timeout) await Task.Delay(fault.DelayMs ?? 0, cancellationToken).ConfigureAwait(false);
                session.Abort();
                return MySqlReply.Error(1105, "HY000", $"minidoris fault injection: {keyword} connection dropped");
        }

        return Execute(session, sql);
    }

    private MySqlReply Execute(MySqlSession session, string sql)
    {
        var context = Context(session);
        var (results, error) = _cluster.ExecuteUntilError(context, sql);
        session.Database = context.CurrentDb;
        var replies = results.Select(ToReply).ToList();
        if (error is not null)
        {
            replies.Add(MySqlReply.Error(error.ErrorCode, error.SqlState, error.Message));
        }
        else if (replies.Count == 0)
        {
            replies.Add(MySqlReply.Error(1065, "42000", "Query was empty"));
        }

        return replies.Count == 1 ? replies[0] : MySqlReply.Multiple([.. replies]);
    }

    /// <summary>The statement's first word, lower case ("" when it starts with no letter).</summary>
    private static string FirstKeyword(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end])) end++;
        return text[..end].ToString().ToLowerInvariant();
    }

    public ValueTask<MySqlReply> InitDatabaseAsync(MySqlSession session, string database, CancellationToken cancellationToken)
    {
        var context = Context(session);
        try
        {
            _cluster.Execute(context, "USE " + Identifiers.Quote(database));
            return ValueTask.FromResult<MySqlReply>(MySqlReply.Ok());
        }
        catch (DorisException e)
        {
            return ValueTask.FromResult<MySqlReply>(MySqlReply.Error(e.ErrorCode, e.SqlState, e.Message));
        }
    }

    private SessionContext Context(MySqlSession session)
    {
        if (session.Items.TryGetValue(SessionKey, out var existing) && existing is SessionContext context)
        {
            return context;
        }

        context = _cluster.OpenSession(session.User);
        context.Frontend = _frontend;
        session.Items[SessionKey] = context;
        return context;
    }

    private static MySqlReply ToReply(QueryResult result)
    {
        if (!result.IsResultSet)
        {
            // Doris puts a load's label, status and txnId in the OK info.
            return MySqlReply.Ok((ulong)Math.Max(0, result.AffectedRows), info: result.Info);
        }

        var columns = result.Columns!.Select(ToColumn).ToList();
        return MySqlReply.ResultSet(columns, result.Rows);
    }

    private static MySqlColumn ToColumn(ResultColumn column)
    {
        var (type, length) = column.Type switch
        {
            ResultColumnType.Boolean => (MySqlColumnType.Tiny, 1u),
            ResultColumnType.TinyInt => (MySqlColumnType.Tiny, 4u),
            ResultColumnType.SmallInt => (MySqlColumnType.Short, 6u),
            ResultColumnType.Int => (MySqlColumnType.Long, 11u),
            ResultColumnType.BigInt => (MySqlColumnType.LongLong, 20u),
            ResultColumnType.Float => (MySqlColumnType.Float, 12u),
            ResultColumnType.Double => (MySqlColumnType.Double, 22u),
            ResultColumnType.Decimal => (MySqlColumnType.NewDecimal, 40u),
            ResultColumnType.Date => (MySqlColumnType.Date, 10u),
            ResultColumnType.DateTime => (MySqlColumnType.DateTime, 26u),
            ResultColumnType.Null => (MySqlColumnType.Null, 0u),
            _ => (MySqlColumnType.VarString, column.Length > 0 ? (uint)column.Length * 4 : 65533u),
        };
        var numeric = type is not (MySqlColumnType.VarString or MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Null);
        return new MySqlColumn(column.Name, type)
        {
            CharacterSet = numeric ? MySqlColumn.BinaryCharacterSet : 33,
            ColumnLength = length,
            Decimals = (byte)(type is MySqlColumnType.NewDecimal or MySqlColumnType.DateTime ? column.Decimals : 0),
            OriginalName = column.Name,
        };
    }
}
