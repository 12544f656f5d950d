namespace MiniDoris.MySql;

/// <summary>An ERR packet with MySQL's error code, SQLSTATE and message.</summary>
public sealed record MySqlErrorReply(int ErrorCode, string SqlState, string Message) : MySqlReply;
