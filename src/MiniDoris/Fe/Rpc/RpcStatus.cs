namespace MiniDoris.Fe.Rpc;

/// <summary>TStatus: a code and its messages.</summary>
public sealed record RpcStatus(int Code, IReadOnlyList<string> ErrorMessages)
{
    public static readonly RpcStatus Ok = new(StatusCode.Ok, []);

    public bool IsOk => Code == StatusCode.Ok;

    public static RpcStatus Error(int code, string message) => new(code, [message]);

    /// <summary>ANALYSIS_ERROR for a Doris UserException: its message carries the <c>errCode = 2, detailMessage = </c> prefix.</summary>
    public static RpcStatus UserError(string detail) => new(StatusCode.AnalysisError, [DorisErrors.Prefix + detail]);
}
