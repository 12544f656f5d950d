using Thrift.Transport;

namespace Syncer.Doris.Rpc;

/// <summary>How a served call ends when its server stops.</summary>
internal static class ServerStop
{
    /// <summary>
    /// Awaits a handler; if the server's token cancelled it (the server is stopping), the call ends as a transport
    /// failure, so the server closes the connection unanswered, as a stopping Doris process does, instead of
    /// answering an INTERNAL_ERROR exception for a call that never finished.
    /// </summary>
    public static async Task<TResult> DropWhenStopping<TResult>(ValueTask<TResult> call, CancellationToken serverToken)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (serverToken.IsCancellationRequested)
        {
            throw new TTransportException(TTransportException.ExceptionType.Interrupted, "the server is stopping", e);
        }
    }
}
