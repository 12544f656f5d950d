namespace MiniDoris.MySql.Protocol;

/// <summary>A peer sent a payload above the configured limit (the server's max_allowed_packet).</summary>
internal sealed class PayloadTooLargeException : MySqlProtocolException
{
    public PayloadTooLargeException(int limit)
        : base($"Incoming payload exceeds the limit of {limit} bytes.")
    {
        Limit = limit;
    }

    public int Limit { get; }
}
