using System.Globalization;

namespace Syncer.Doris.Sql;

/// <summary>
/// The SQL the syncer sends a Doris FE, as typed questions and commands, each a single statement over an
/// <see cref="IDorisSqlSession"/> (statements and result columns: docs/doris-facts.md, "SQL the syncer sends"). Names are always
/// quoted (<see cref="DorisSql"/>); an answer of an unexpected shape is a <see cref="DorisAnswerException"/>.
/// </summary>
public sealed class DorisSqlGateway(IDorisSqlSession session)
{
    /// <summary>The property text Doris shows when binlog is enabled on a database or table.</summary>
    public const string BinlogEnabledProperty = "\"binlog.enable\" = \"true\"";

    /// <summary>The cluster's FEs.</summary>
    public async Task<IReadOnlyList<DorisFrontend>> ListFrontendsAsync(CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync("select Host, QueryPort, RpcPort, IsMaster from frontends();", cancellationToken).ConfigureAwait(false);
        var hosts = result.Column("Host").ToList();
        var queryPorts = result.Column("QueryPort").ToList();
        var rpcPorts = result.Column("RpcPort").ToList();
        var masters = result.Column("IsMaster").ToList();
        return hosts.Select((host, i) => new DorisFrontend(host ?? "", queryPorts[i] ?? "", rpcPorts[i] ?? "",
            DorisSql.TryParseBool(masters[i] ?? "", out var m) && m)).ToList();
    }

    /// <summary>The FE's <c>enable_feature_binlog</c>, or null when the FE does not know the setting.</summary>
    public async Task<bool?> FrontendBinlogFeatureAsync(CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync("ADMIN SHOW FRONTEND CONFIG LIKE \"%enable_feature_binlog%\"", cancellationToken).ConfigureAwait(false);
        var value = result.Column("Value").FirstOrDefault();
        if (value is null) return null;
        return DorisSql.TryParseBool(value, out var enabled) && enabled;
    }

    /// <summary>The cluster's BEs.</summary>
    public async Task<IReadOnlyList<DorisBackend>> ListBackendsAsync(CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync("show backends", cancellationToken).ConfigureAwait(false);
        // Doris 1.x/2.0 name the host column IP; later versions Host.
        var hostColumn = result.IndexOf("Host") >= 0 ? "Host" : "IP";
        var ids = result.Column("BackendId").ToList();
        var hosts = result.Column(hostColumn).ToList();
        var bePorts = result.Column("BePort").ToList();
        var httpPorts = result.Column("HttpPort").ToList();
        var brpcPorts = result.Column("BrpcPort").ToList();
        return ids.Select((id, i) => new DorisBackend(ParseLong(id, "BackendId"), hosts[i] ?? "", ParsePort(bePorts[i], "BePort"),
            ParsePort(httpPorts[i], "HttpPort"), ParsePort(brpcPorts[i], "BrpcPort"))).ToList();
    }

    /// <summary>Whether database <paramref name="database"/> exists (exact, case-sensitive name).</summary>
    public async Task<bool> DatabaseExistsAsync(string database, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync($"SHOW DATABASES LIKE {DorisSql.LikeLiteral(database)}", cancellationToken).ConfigureAwait(false);
        return result.Rows.Any(r => r.Count > 0 && (r[0] == database || r[0] == "default_cluster:" + database));
    }

    /// <summary>The text of <c>SHOW CREATE DATABASE</c>.</summary>
    public async Task<string> ShowCreateDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync($"SHOW CREATE DATABASE {DorisSql.Identifier(database)}", cancellationToken).ConfigureAwait(false);
        return result.Column("Create Database").FirstOrDefault() ?? "";
    }

    /// <summary>The id of <paramref name="database"/> from <c>show proc '/dbs/'</c> (Doris 2.0 names carry a <c>default_cluster:</c> prefix), or null.</summary>
    public async Task<long?> DatabaseIdAsync(string database, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync("show proc '/dbs/'", cancellationToken).ConfigureAwait(false);
        var ids = result.Column("DbId").ToList();
        var names = result.Column("DbName").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == database || names[i] == "default_cluster:" + database) return ParseLong(ids[i], "DbId");
        }
        return null;
    }

    /// <summary>Whether <paramref name="table"/> exists in <paramref name="database"/> (exact name).</summary>
    public async Task<bool> TableExistsAsync(string database, string table, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync(
            $"SHOW TABLES FROM {DorisSql.Identifier(database)} LIKE {DorisSql.LikeLiteral(table)}", cancellationToken).ConfigureAwait(false);
        return result.Rows.Any(r => r.Count > 0 && r[0] == table);
    }

    /// <summary>The text of <c>SHOW CREATE TABLE</c>, and whether the object is a view (Doris answers with a Create View column then).</summary>
    public async Task<(string Text, bool IsView)> ShowCreateTableAsync(string database, string table, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync(
            $"SHOW CREATE TABLE {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)}", cancellationToken).ConfigureAwait(false);
        if (result.IndexOf("Create View") >= 0) return (result.Column("Create View").FirstOrDefault() ?? "", true);
        return (result.Column("Create Table").FirstOrDefault() ?? "", false);
    }

    /// <summary>The id of <paramref name="table"/> from <c>show proc '/dbs/&lt;dbId&gt;/'</c>, or null.</summary>
    public async Task<long?> TableIdAsync(long databaseId, string table, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync(
            $"show proc '/dbs/{databaseId.ToString(CultureInfo.InvariantCulture)}/'", cancellationToken).ConfigureAwait(false);
        var ids = result.Column("TableId").ToList();
        var names = result.Column("TableName").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == table) return ParseLong(ids[i], "TableId");
        }
        return null;
    }

    /// <summary><c>CREATE DATABASE IF NOT EXISTS</c>.</summary>
    public Task CreateDatabaseAsync(string database, CancellationToken cancellationToken) =>
        session.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {DorisSql.Identifier(database)}", cancellationToken);

    /// <summary>The base tables (not views) of <paramref name="database"/>.</summary>
    public async Task<IReadOnlyList<string>> ListTablesAsync(string database, CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync($"SHOW FULL TABLES FROM {DorisSql.Identifier(database)}", cancellationToken).ConfigureAwait(false);
        var typeIndex = result.IndexOf("Table_type");
        return result.Rows
            .Where(r => r.Count > 0 && r[0] is not null && (typeIndex < 0 || typeIndex >= r.Count || r[typeIndex] != "VIEW"))
            .Select(r => r[0]!)
            .ToList();
    }

    /// <summary>Clears <c>is_being_synced</c> on a destination table so it becomes writable again (<c>/desync</c>).</summary>
    public Task ClearBeingSyncedAsync(string database, string table, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            $"ALTER TABLE {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)} SET (\"is_being_synced\" = \"false\")", cancellationToken);

    // Doris prints -1 for ports a BE does not open (e.g. ArrowFlightSqlPort); anything beyond 65535 is corrupt.
    private static int ParsePort(string? text, string column)
    {
        var port = ParseLong(text, column);
        return port is >= -1 and <= 65535 ? (int)port : throw new DorisAnswerException($"{column} is \"{text}\", not a port");
    }

    private static long ParseLong(string? text, string column) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DorisAnswerException($"{column} is \"{text}\", not a number");
}
