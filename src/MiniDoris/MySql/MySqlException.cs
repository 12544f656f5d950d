using System.Data.Common;

namespace MiniDoris.MySql;

/// <summary>
/// An error minidoris's MySQL server answers with an ERR packet (a command handler throws it with Doris's code and
/// message), or a malformed packet it detected itself (<see cref="MySqlProtocolException"/>).
/// </summary>
public class MySqlException : DbException
{
    public MySqlException()
        : this(0, "HY000", "MySQL error")
    {
    }

    public MySqlException(string message)
        : this(0, "HY000", message)
    {
    }

    public MySqlException(string message, Exception? innerException)
        : this(0, "HY000", message, innerException)
    {
    }

    public MySqlException(int errorCode, string sqlState, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
    }

    /// <summary>The server's (or client's, for 2xxx codes) numeric error code, e.g. 1146 for a missing table.</summary>
    public override int ErrorCode { get; }

    /// <summary>The five-character SQLSTATE, e.g. "42S02"; "HY000" when the peer sent none.</summary>
    public override string SqlState { get; }
}
