using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;

namespace Syncer.Doris.Rpc;

/// <summary>
/// TBinaryProtocol as the generated clients use it (with <see cref="SpanBinaryProtocol"/>'s fast path), plus the check
/// they leave out: a reply must carry the method name and sequence id of the call just sent. The pool never reuses a connection with a reply outstanding, so a mismatch
/// means a confused peer; it fails the call (TApplicationException BadSequenceId / WrongMethodName) instead of handing
/// back another call's result. A subclass rather than a TProtocolDecorator: a decorator puts an extra async call in
/// front of every field read, which made a 13 KiB getBinlog reply measurably slower to decode.
/// </summary>
internal sealed class ReplyMatchingProtocol(TTransport transport) : SpanBinaryProtocol(transport)
{
    private TMessage _sent;

    public override Task WriteMessageBeginAsync(TMessage message, CancellationToken cancellationToken)
    {
        _sent = message;
        return base.WriteMessageBeginAsync(message, cancellationToken);
    }

    public override async ValueTask<TMessage> ReadMessageBeginAsync(CancellationToken cancellationToken)
    {
        var reply = await base.ReadMessageBeginAsync(cancellationToken).ConfigureAwait(false);
        if (reply.SeqID != _sent.SeqID)
        {
            throw new TApplicationException(TApplicationException.ExceptionType.BadSequenceId, $"{_sent.Name}: reply has sequence id {reply.SeqID}, expected {_sent.SeqID}");
        }

        if (reply.Name != _sent.Name)
        {
            throw new TApplicationException(TApplicationException.ExceptionType.WrongMethodName, $"{_sent.Name}: reply is for method '{reply.Name}'");
        }

        return reply;
    }
}
