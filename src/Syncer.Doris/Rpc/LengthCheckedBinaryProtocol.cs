using System.Text;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;

namespace Syncer.Doris.Rpc;

/// <summary>
/// TBinaryProtocol whose message header and strings check a declared length against the message size limit before
/// allocating (through <see cref="TBinaryProtocol.ReadBinaryAsync"/>, which does). Apache Thrift's C# header and string
/// readers skip that check, so a peer declaring a 100 MiB method name had the server allocate it and wait for bytes
/// that never come; Doris's Java servers refuse it at once, and so does ours.
/// </summary>
internal sealed class LengthCheckedBinaryProtocol(TTransport transport) : TBinaryProtocol(transport)
{
    public override async ValueTask<TMessage> ReadMessageBeginAsync(CancellationToken cancellationToken)
    {
        var size = await ReadI32Async(cancellationToken).ConfigureAwait(false);
        if (size < 0)
        {
            // Strict header: version | type, then the name, then the sequence id.
            if (((uint)size & VersionMask) != Version1)
            {
                throw new TProtocolException(TProtocolException.BAD_VERSION, $"Bad version in ReadMessageBegin: {(uint)size:x8}");
            }

            var name = await ReadStringAsync(cancellationToken).ConfigureAwait(false);
            return new TMessage(name, (TMessageType)(size & 0x000000ff), await ReadI32Async(cancellationToken).ConfigureAwait(false));
        }

        // Old header: the first i32 is already the name's length.
        Transport.CheckReadBytesAvailable(size);
        var bytes = new byte[size];
        await Transport.ReadAllAsync(bytes, 0, size, cancellationToken).ConfigureAwait(false);
        var type = (TMessageType)await ReadByteAsync(cancellationToken).ConfigureAwait(false);
        return new TMessage(Encoding.UTF8.GetString(bytes), type, await ReadI32Async(cancellationToken).ConfigureAwait(false));
    }

    public override async ValueTask<string> ReadStringAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadBinaryAsync(cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Makes the protocol for each accepted connection.</summary>
    public new sealed class Factory : TProtocolFactory
    {
        public override TProtocol GetProtocol(TTransport trans) => new LengthCheckedBinaryProtocol(trans);
    }
}
