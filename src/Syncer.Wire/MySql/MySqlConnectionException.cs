namespace Syncer.Wire.MySql;

/// <summary>
/// The connection could not be opened or was lost (server went away, connection killed, protocol broken).
/// The connection it came from is unusable afterwards.
/// </summary>
/// <remarks>Codes follow the MySQL client library's: 2003 cannot connect, 2013 lost connection, 2006 gone away.</remarks>
public class MySqlConnectionException : MySqlException
{
    public MySqlConnectionException()
        : this(MySqlErrorCode.ServerLost, "The connection to the MySQL server was lost.")
    {
    }

    public MySqlConnectionException(string message)
        : this(MySqlErrorCode.ServerLost, message)
    {
    }

    public MySqlConnectionException(string message, Exception? innerException)
        : this(MySqlErrorCode.ServerLost, message, innerException)
    {
    }

    public MySqlConnectionException(int errorCode, string message, Exception? innerException = null)
        : base(errorCode, "HY000", message, innerException)
    {
    }

    /// <summary>Connection failures are worth retrying on a fresh connection.</summary>
    public override bool IsTransient => true;
}
