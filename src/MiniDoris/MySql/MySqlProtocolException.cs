namespace MiniDoris.MySql;

/// <summary>The peer sent something this implementation cannot parse or did not expect; the connection is closed.</summary>
public class MySqlProtocolException : MySqlException
{
    public MySqlProtocolException()
        : this("Malformed MySQL packet.")
    {
    }

    public MySqlProtocolException(string message)
        : base(MySqlErrorCode.MalformedPacket, "HY000", message)
    {
    }

    public MySqlProtocolException(string message, Exception? innerException)
        : base(MySqlErrorCode.MalformedPacket, "HY000", message, innerException)
    {
    }
}
