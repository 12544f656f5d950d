namespace Syncer.Wire.MySql;

/// <summary>The peer sent something this implementation cannot parse or did not expect; the connection is closed.</summary>
public class MySqlProtocolException : MySqlConnectionException
{
    public MySqlProtocolException()
        : this("Malformed MySQL packet.")
    {
    }

    public MySqlProtocolException(string message)
        : base(MySqlErrorCode.MalformedPacket, message)
    {
    }

    public MySqlProtocolException(string message, Exception? innerException)
        : base(MySqlErrorCode.MalformedPacket, message, innerException)
    {
    }
}
