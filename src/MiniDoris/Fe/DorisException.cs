namespace MiniDoris.Fe;

/// <summary>
/// A statement failure as Doris reports it over the MySQL protocol: a MySQL error code, a SQLSTATE and the
/// message text (already in Doris's <c>errCode = 2, detailMessage = ...</c> form).
/// </summary>
public sealed class DorisException : Exception
{
    public DorisException(int errorCode, string sqlState, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
    }

    /// <summary>The MySQL error number (1049, 1050, 1064, 1105, ...).</summary>
    public int ErrorCode { get; }

    /// <summary>The five-character SQLSTATE sent with the error packet.</summary>
    public string SqlState { get; }

    /// <summary>The message without Doris's <c>errCode = 2, detailMessage = </c> prefix.</summary>
    public string Detail => Message.StartsWith(DorisErrors.Prefix, StringComparison.Ordinal)
        ? Message[DorisErrors.Prefix.Length..]
        : Message;
}
