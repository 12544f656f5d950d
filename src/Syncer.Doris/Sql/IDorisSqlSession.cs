namespace Syncer.Doris.Sql;

/// <summary>
/// One MySQL-protocol session to a Doris FE. The seam between the Doris statements and the MySQL driver
/// (<see cref="DorisSqlSession"/>, over MySqlConnector), so that the rest of the syncer never sees the driver.
/// </summary>
public interface IDorisSqlSession : IAsyncDisposable
{
    /// <summary>Runs a statement that returns rows.</summary>
    Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Runs a statement that returns no rows.</summary>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);
}
