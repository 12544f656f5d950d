using System.Globalization;
using MiniDoris.Faults;
using Syncer.Doris.Thrift;
using Thrift.Transport;

namespace MiniDoris.Fe.ThriftFront;

/// <summary>How an rpc.* (or not_master) fault changes one Thrift call, for the FE and the BE services alike.</summary>
internal static class ThriftFaults
{
    public const string NotMasterMessage = "FE is not master";

    public static async ValueTask<TResult> ApplyAsync<TResult>(
        FaultRule? rule, string method, Func<TResult> call, Func<TStatus, TNetworkAddress?, TResult> withStatus, CancellationToken cancellationToken)
    {
        if (rule is null)
        {
            return call();
        }

        switch (rule.Action)
        {
            case FaultAction.NotMaster:
                return withStatus(new TStatus { StatusCode = TStatusCode.NOT_MASTER, ErrorMsgs = [NotMasterMessage] }, MasterAddress(rule.Argument));
            case FaultAction.Fail:
                var code = ParseCode(rule.Argument);
                return withStatus(new TStatus { StatusCode = code, ErrorMsgs = [$"minidoris fault injection: {method} failed"] }, null);
            case FaultAction.Delay:
                await Task.Delay(rule.DelayMs ?? 0, cancellationToken).ConfigureAwait(false);
                return call();
            case FaultAction.Timeout:
                if (rule.After)
                {
                    call();
                }

                await Task.Delay(rule.DelayMs ?? 0, cancellationToken).ConfigureAwait(false);
                throw DropConnection($"minidoris fault injection: {method} timed out");
            case FaultAction.Reset:
                if (rule.After)
                {
                    call();
                }

                throw DropConnection($"minidoris fault injection: {method} reset");
            default:
                return call();
        }
    }

    // Apache Thrift's server ends a connection, unanswered, when a handler throws a transport exception.
    private static TTransportException DropConnection(string message) => new(TTransportException.ExceptionType.Interrupted, message);

    private static TStatusCode ParseCode(string? argument)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return TStatusCode.INTERNAL_ERROR;
        }

        if (int.TryParse(argument, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return (TStatusCode)n;
        }

        return Enum.TryParse<TStatusCode>(argument, ignoreCase: true, out var code) ? code : TStatusCode.INTERNAL_ERROR;
    }

    /// <summary>not_master:host:port names the master to redirect to; plain not_master answers without an address.</summary>
    private static TNetworkAddress? MasterAddress(string? argument)
    {
        if (string.IsNullOrEmpty(argument))
        {
            return null;
        }

        var colon = argument.LastIndexOf(':');
        return colon > 0 && int.TryParse(argument[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
            ? new TNetworkAddress { Hostname = argument[..colon], Port = port }
            : throw new FormatException($"not_master needs host:port, got '{argument}'");
    }
}
