namespace MiniDoris.MySql;

/// <summary>Several replies sent as one response with SERVER_MORE_RESULTS_EXISTS between them.</summary>
public sealed record MySqlMultiReply(IReadOnlyList<MySqlReply> Replies) : MySqlReply;
