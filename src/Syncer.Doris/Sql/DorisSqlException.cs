namespace Syncer.Doris.Sql;

/// <summary>
/// A statement the FE refused (an ERR packet): Doris's MySQL error code and message. Raised by every
/// <see cref="IDorisSqlSession"/> so callers classify refusals without knowing the MySQL client.
/// Connection failures and timeouts are not this type (they are <see cref="IOException"/>/<see cref="TimeoutException"/>).
/// </summary>
public sealed class DorisSqlException(int errorCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The MySQL error code Doris sent (1105 for most Doris errors).</summary>
    public int ErrorCode { get; } = errorCode;
}
