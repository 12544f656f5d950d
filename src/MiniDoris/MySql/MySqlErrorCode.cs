namespace MiniDoris.MySql;

/// <summary>Error codes this library produces or that callers commonly test for (values as MySQL defines them).</summary>
public static class MySqlErrorCode
{
    /// <summary>ER_DBACCESS_DENIED_ERROR.</summary>
    public const int DatabaseAccessDenied = 1044;

    /// <summary>ER_ACCESS_DENIED_ERROR, SQLSTATE 28000.</summary>
    public const int AccessDenied = 1045;

    /// <summary>ER_NO_DB_ERROR, SQLSTATE 3D000.</summary>
    public const int NoDatabaseSelected = 1046;

    /// <summary>ER_UNKNOWN_COM_ERROR, SQLSTATE 08S01.</summary>
    public const int UnknownCommand = 1047;

    /// <summary>ER_BAD_DB_ERROR, SQLSTATE 42000.</summary>
    public const int UnknownDatabase = 1049;

    /// <summary>ER_TABLE_EXISTS_ERROR, SQLSTATE 42S01.</summary>
    public const int TableExists = 1050;

    /// <summary>ER_PARSE_ERROR, SQLSTATE 42000.</summary>
    public const int ParseError = 1064;

    /// <summary>ER_UNKNOWN_ERROR, SQLSTATE HY000: used for handler exceptions that carry no MySQL code.</summary>
    public const int UnknownError = 1105;

    /// <summary>ER_NO_SUCH_TABLE, SQLSTATE 42S02.</summary>
    public const int NoSuchTable = 1146;

    /// <summary>ER_NET_PACKET_TOO_LARGE, SQLSTATE 08S01.</summary>
    public const int PacketTooLarge = 1153;

    /// <summary>ER_QUERY_INTERRUPTED, SQLSTATE 70100.</summary>
    public const int QueryInterrupted = 1317;

    /// <summary>ER_CONNECTION_KILLED (MariaDB), SQLSTATE 70100.</summary>
    public const int ConnectionKilled = 1927;

    /// <summary>CR_CONN_HOST_ERROR: the client could not connect.</summary>
    public const int CannotConnect = 2003;

    /// <summary>CR_SERVER_GONE_ERROR: the connection was already unusable when a command was attempted.</summary>
    public const int ServerGone = 2006;

    /// <summary>CR_SERVER_LOST: the connection broke during a command.</summary>
    public const int ServerLost = 2013;

    /// <summary>CR_MALFORMED_PACKET.</summary>
    public const int MalformedPacket = 2027;

    /// <summary>CR_AUTH_PLUGIN_CANNOT_LOAD: the server asked for an authentication method we do not implement.</summary>
    public const int AuthPluginUnsupported = 2059;
}
