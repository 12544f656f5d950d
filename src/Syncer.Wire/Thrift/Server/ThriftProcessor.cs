using System.Buffers;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Server;

/// <summary>
/// The method table of a Thrift service: decodes a CALL, runs the handler registered under its method
/// name and encodes the REPLY. Unknown methods and failing handlers are answered with a
/// TApplicationException, as Apache Thrift's processors do, so the connection stays usable.
/// </summary>
public sealed class ThriftProcessor
{
    private readonly Dictionary<string, MethodHandler> _methods = new(StringComparer.Ordinal);

    /// <summary>Registers the handler of one method; its request is the argument in field 1.</summary>
    public ThriftProcessor Register<TRequest, TResult>(string method, Func<TRequest, CancellationToken, ValueTask<TResult>> handler)
        where TRequest : class, new()
        where TResult : class, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        _methods.Add(method, new MethodHandler<TRequest, TResult>(method, handler));
        return this;
    }

    /// <summary>The registered method names.</summary>
    public IReadOnlyCollection<string> Methods => _methods.Keys;

    /// <summary>
    /// Handles one received message, writing the reply (if any) to <paramref name="output"/>. A handler's
    /// <see cref="ThriftConnectionAbortException"/> propagates so the server drops the connection unanswered.
    /// </summary>
    public async ValueTask ProcessAsync(ReadOnlyMemory<byte> message, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        TMessageHeader header;
        try
        {
            header = ReadHeader(message.Span);
        }
        catch (ThriftProtocolException e)
        {
            ThriftMessageCodec.WriteException(output, string.Empty, 0, new ThriftApplicationException(TApplicationExceptionType.ProtocolError, e.Message));
            return;
        }

        if (header.Type is not (TMessageType.Call or TMessageType.Oneway))
        {
            ThriftMessageCodec.WriteException(output, header.Name, header.SeqId, new ThriftApplicationException(TApplicationExceptionType.InvalidMessageType, $"unexpected message type {header.Type}"));
            return;
        }

        if (!_methods.TryGetValue(header.Name, out var handler))
        {
            if (header.Type == TMessageType.Call)
            {
                ThriftMessageCodec.WriteException(output, header.Name, header.SeqId, new ThriftApplicationException(TApplicationExceptionType.UnknownMethod, $"Invalid method name: '{header.Name}'"));
            }

            return;
        }

        await handler.ProcessAsync(message, header, output, cancellationToken).ConfigureAwait(false);
    }

    private static TMessageHeader ReadHeader(ReadOnlySpan<byte> message)
    {
        var reader = new TBinaryReader(message);
        return reader.ReadMessageBegin();
    }

    private abstract class MethodHandler
    {
        public abstract ValueTask ProcessAsync(ReadOnlyMemory<byte> message, TMessageHeader header, IBufferWriter<byte> output, CancellationToken cancellationToken);
    }

    private sealed class MethodHandler<TRequest, TResult>(string method, Func<TRequest, CancellationToken, ValueTask<TResult>> handler) : MethodHandler
        where TRequest : class, new()
        where TResult : class, new()
    {
        public override async ValueTask ProcessAsync(ReadOnlyMemory<byte> message, TMessageHeader header, IBufferWriter<byte> output, CancellationToken cancellationToken)
        {
            TRequest request;
            try
            {
                request = DecodeArgs(message.Span);
            }
            catch (ThriftProtocolException e)
            {
                ThriftMessageCodec.WriteException(output, method, header.SeqId, new ThriftApplicationException(TApplicationExceptionType.ProtocolError, e.Message));
                return;
            }

            TResult result;
            try
            {
                result = await handler(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ThriftConnectionAbortException && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                if (header.Type == TMessageType.Call)
                {
                    ThriftMessageCodec.WriteException(output, method, header.SeqId, new ThriftApplicationException(TApplicationExceptionType.InternalError, $"Internal error processing {method}: {e.Message}"));
                }

                return;
            }

            if (header.Type == TMessageType.Call)
            {
                ThriftMessageCodec.WriteReply(output, method, header.SeqId, result);
            }
        }

        private static TRequest DecodeArgs(ReadOnlySpan<byte> message)
        {
            var reader = new TBinaryReader(message);
            reader.ReadMessageBegin();
            return ThriftMessageCodec.ReadArgs<TRequest>(ref reader);
        }
    }
}
