using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MiniDoris.MySql;

namespace MiniDoris.Tests.MySql;

/// <summary>
/// A tiny in-memory application behind <see cref="MySqlServer"/> for tests: a fixed table, USE, errors, echo of
/// large payloads, and a log of everything it was asked.
/// </summary>
internal sealed class TestCommandHandler : IMySqlCommandHandler
{
    public static readonly string[] Databases = ["db1", "数据库"];

    public ConcurrentQueue<string> Queries { get; } = new();

    public ConcurrentQueue<string> InitDatabaseRequests { get; } = new();

    public ConcurrentQueue<uint> Opened { get; } = new();

    public ConcurrentQueue<MySqlSession> OpenedSessions { get; } = new();

    public ConcurrentQueue<uint> Closed { get; } = new();

    /// <summary>Completes when a SLOW query has started, so tests can act while it runs.</summary>
    public TaskCompletionSource SlowQueryStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static IReadOnlyList<MySqlColumn> TableColumns { get; } =
    [
        new("id", MySqlColumnType.LongLong) { Flags = MySqlColumnFlags.NotNull | MySqlColumnFlags.PrimaryKey },
        new("name", MySqlColumnType.VarString),
        new("note", MySqlColumnType.VarString),
    ];

    public static IReadOnlyList<IReadOnlyList<string?>> TableRows { get; } =
    [
        ["1", "数据", "x"],
        ["2", null, "😀 emoji"],
        ["3", "tab\there", string.Empty],
    ];

    public ValueTask<MySqlReply> QueryAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
    {
        Queries.Enqueue(sql);
        var trimmed = sql.Trim().TrimEnd(';');
        return trimmed switch
        {
            "select @@version_comment limit 1" => Reply(MySqlReply.ResultSet(
                [new MySqlColumn("@@version_comment", MySqlColumnType.VarString)], [["syncer test server"]])),
            "SELECT * FROM t" => Reply(MySqlReply.ResultSet(TableColumns, TableRows)),
            "SELECT DATABASE()" => Reply(MySqlReply.ResultSet(
                [new MySqlColumn("DATABASE()", MySqlColumnType.VarString)], [[session.Database]])),
            "SELECT CONNECTION_ID()" => Reply(MySqlReply.ResultSet(
                [new MySqlColumn("CONNECTION_ID()", MySqlColumnType.LongLong) { Flags = MySqlColumnFlags.Unsigned }],
                [[session.ConnectionId.ToString(System.Globalization.CultureInfo.InvariantCulture)]])),
            "SELECT TYPES" => Reply(MySqlReply.ResultSet(TypedColumns, [TypedRow, [.. TypedRow.Select(_ => (string?)null)]])),
            "BAD" => Reply(MySqlReply.Error(MySqlErrorCode.ParseError, "42000",
                "You have an error in your SQL syntax; check the manual near 'BAD' at line 1")),
            "THROW" => throw new InvalidOperationException("handler failed"),
            "THROW MYSQL" => throw new MySqlException(MySqlErrorCode.NoSuchTable, "42S02", "Table 'db1.nope' doesn't exist"),
            "NO COLUMNS" => Reply(MySqlReply.ResultSet([], [])),
            "THROW IN ROWS" => Reply(MySqlReply.ResultSet(TableColumns, FailingRows())),
            "MULTI" => Reply(MySqlReply.Multiple(
                MySqlReply.ResultSet([new MySqlColumn("a", MySqlColumnType.Long)], [["1"]]),
                MySqlReply.Ok(affectedRows: 5, lastInsertId: 42),
                MySqlReply.ResultSet([new MySqlColumn("b", MySqlColumnType.VarString)], [["two"], [null]]))),
            "INSERT" => Reply(MySqlReply.Ok(affectedRows: 3, lastInsertId: 7, warnings: 1, info: "Records: 3  Duplicates: 0  Warnings: 1")),
            "SLOW" => SlowAsync(cancellationToken),
            _ when trimmed.StartsWith("USE ", StringComparison.OrdinalIgnoreCase) => Use(session, trimmed[4..].Trim('`', ' ')),
            _ when trimmed.StartsWith("SET ", StringComparison.OrdinalIgnoreCase) => Reply(MySqlReply.Ok()),
            _ when trimmed.StartsWith("ECHO ", StringComparison.Ordinal) => Reply(Echo(trimmed[5..])),
            _ when trimmed.StartsWith("REPEAT ", StringComparison.Ordinal) => Reply(MySqlReply.ResultSet(
                [new MySqlColumn("r", MySqlColumnType.LongBlob) { CharacterSet = 45 }],
                [[new string('r', int.Parse(trimmed[7..], System.Globalization.CultureInfo.InvariantCulture))]])),
            _ => Reply(MySqlReply.Error(MySqlErrorCode.ParseError, "42000",
                $"You have an error in your SQL syntax near '{trimmed}' at line 1")),
        };
    }

    public ValueTask<MySqlReply> InitDatabaseAsync(MySqlSession session, string database, CancellationToken cancellationToken)
    {
        InitDatabaseRequests.Enqueue(database);
        return Reply(Databases.Contains(database)
            ? MySqlReply.Ok()
            : MySqlReply.Error(MySqlErrorCode.UnknownDatabase, "42000", $"Unknown database '{database}'"));
    }

    public ValueTask OnSessionOpenedAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        session.Items["opened"] = true;
        Opened.Enqueue(session.ConnectionId);
        OpenedSessions.Enqueue(session);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnSessionClosedAsync(MySqlSession session)
    {
        // Recorded only if the opened hook ran first for the same session.
        if (session.Items.TryGetValue("opened", out var opened) && opened is true)
        {
            Closed.Enqueue(session.ConnectionId);
        }

        return ValueTask.CompletedTask;
    }

    private static readonly IReadOnlyList<MySqlColumn> TypedColumns =
    [
        new("i", MySqlColumnType.Long),
        new("u", MySqlColumnType.LongLong) { Flags = MySqlColumnFlags.Unsigned },
        new("d", MySqlColumnType.Double),
        new("m", MySqlColumnType.NewDecimal) { Decimals = 2 },
        new("dt", MySqlColumnType.DateTime),
        new("day", MySqlColumnType.Date),
        new("t", MySqlColumnType.Time),
        new("bin", MySqlColumnType.Blob) { CharacterSet = MySqlColumn.BinaryCharacterSet },
        new("txt", MySqlColumnType.Blob),
        new("b", MySqlColumnType.Tiny),
    ];

    private static readonly IReadOnlyList<string?> TypedRow =
        ["-5", "18446744073709551615", "1.5", "-12.34", "2024-01-02 03:04:05", "2024-01-02", "25:00:01", "raw", "文本", "1"];

    private static ValueTask<MySqlReply> Reply(MySqlReply reply) => ValueTask.FromResult(reply);

    private static ValueTask<MySqlReply> Use(MySqlSession session, string database)
    {
        if (!Databases.Contains(database))
        {
            return Reply(MySqlReply.Error(MySqlErrorCode.UnknownDatabase, "42000", $"Unknown database '{database}'"));
        }

        session.Database = database;
        return Reply(MySqlReply.Ok());
    }

    private static MySqlReply Echo(string text) => MySqlReply.ResultSet(
        [new MySqlColumn("length", MySqlColumnType.LongLong), new MySqlColumn("sha256", MySqlColumnType.VarString),
            new MySqlColumn("text", MySqlColumnType.LongBlob) { CharacterSet = 45 }],
        [[Encoding.UTF8.GetByteCount(text).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), text]]);

    private static IEnumerable<IReadOnlyList<string?>> FailingRows()
    {
        yield return TableRows[0];
        throw new InvalidOperationException("storage failed mid-scan");
    }

    private async ValueTask<MySqlReply> SlowAsync(CancellationToken cancellationToken)
    {
        SlowQueryStarted.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        return MySqlReply.Ok();
    }
}
