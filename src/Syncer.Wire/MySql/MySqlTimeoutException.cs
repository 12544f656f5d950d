namespace Syncer.Wire.MySql;

/// <summary>
/// A connect or a command did not finish within its timeout. The connection was closed because the protocol state
/// is unknown after an abandoned command.
/// </summary>
public class MySqlTimeoutException : MySqlConnectionException
{
    public MySqlTimeoutException()
        : this("The MySQL operation timed out.")
    {
    }

    public MySqlTimeoutException(string message)
        : base(MySqlErrorCode.ServerLost, message, new TimeoutException(message))
    {
    }

    public MySqlTimeoutException(string message, Exception? innerException)
        : base(MySqlErrorCode.ServerLost, message, innerException)
    {
    }
}
