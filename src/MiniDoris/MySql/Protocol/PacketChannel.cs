using System.Buffers;

namespace MiniDoris.MySql.Protocol;

/// <summary>
/// Frames MySQL packets over a stream: a 3-byte length and a 1-byte sequence id before each payload, payloads of
/// 0xFFFFFF bytes or more split across packets (a payload that is an exact multiple ends with an empty packet).
/// Not thread-safe: one command at a time.
/// </summary>
internal sealed class PacketChannel : IDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    // Scratch buffers that grew for a huge payload are dropped rather than kept for the connection's lifetime.
    private const int RetainedBufferLimit = 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxPayloadLength;
    private readonly byte[] _readBuffer;
    private int _readStart;
    private int _readEnd;
    private int _consumeOnNextRead;
    private ArrayBufferWriter<byte> _assembly = new();
    private ArrayBufferWriter<byte> _payloadBuilder = new();
    private ArrayBufferWriter<byte> _output = new();
    private bool _disposed;

    /// <param name="stream">The connected stream; owned (disposed) by this channel.</param>
    /// <param name="maxPayloadLength">A reassembled payload larger than this is rejected instead of exhausting memory.</param>
    public PacketChannel(Stream stream, int maxPayloadLength = 1024 * 1024 * 1024)
    {
        _stream = stream;
        _maxPayloadLength = maxPayloadLength;
        // Not pooled: a socket read may still be writing into it when another thread disposes the channel.
        _readBuffer = new byte[ReadBufferSize];
    }

    /// <summary>The sequence id the next packet (read or written) must carry.</summary>
    public byte SequenceId { get; private set; }

    /// <summary>Bytes framed by <see cref="WritePayload"/> and not yet sent by <see cref="FlushAsync"/>.</summary>
    public int BufferedOutputLength => _output.WrittenCount;

    /// <summary>True when bytes from the peer are already buffered, i.e. it sent something we have not asked for.</summary>
    public bool HasBufferedInput => _readEnd - _readStart - _consumeOnNextRead > 0;

    /// <summary>Every command starts a new sequence at 0.</summary>
    public void ResetSequence() => SequenceId = 0;

    /// <summary>Returns an empty scratch writer to build one payload in; pass its written span to <see cref="WritePayload"/>.</summary>
    public ArrayBufferWriter<byte> BeginPayload()
    {
        if (_payloadBuilder.Capacity > RetainedBufferLimit)
        {
            _payloadBuilder = new ArrayBufferWriter<byte>();
        }

        _payloadBuilder.ResetWrittenCount();
        return _payloadBuilder;
    }

    /// <summary>
    /// Reads one logical payload, reassembling split packets and checking sequence ids.
    /// The returned memory is valid until the next call.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _readStart += _consumeOnNextRead;
        _consumeOnNextRead = 0;

        var length = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (length > _maxPayloadLength)
        {
            // Checked here too: a limit below the read buffer's size would otherwise never apply to single packets.
            throw new PayloadTooLargeException(_maxPayloadLength);
        }

        if (length < PacketHeaders.MaxPacketPayload && length <= _readBuffer.Length)
        {
            await EnsureBufferedAsync(length, cancellationToken).ConfigureAwait(false);
            _consumeOnNextRead = length;
            return _readBuffer.AsMemory(_readStart, length);
        }

        // Large or split payload: copy the pieces into one contiguous buffer without growing the read buffer.
        if (_assembly.Capacity > RetainedBufferLimit)
        {
            _assembly = new ArrayBufferWriter<byte>();
        }

        _assembly.ResetWrittenCount();
        while (true)
        {
            if ((long)_assembly.WrittenCount + length > _maxPayloadLength)
            {
                throw new PayloadTooLargeException(_maxPayloadLength);
            }

            await CopyToAssemblyAsync(length, cancellationToken).ConfigureAwait(false);
            if (length < PacketHeaders.MaxPacketPayload)
            {
                return _assembly.WrittenMemory;
            }

            length = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frames a payload (splitting at 0xFFFFFF bytes) into the output buffer; nothing is sent until <see cref="FlushAsync"/>.</summary>
    public void WritePayload(ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var chunk = Math.Min(payload.Length, PacketHeaders.MaxPacketPayload);
            var header = _output.GetSpan(4);
            header[0] = (byte)chunk;
            header[1] = (byte)(chunk >> 8);
            header[2] = (byte)(chunk >> 16);
            header[3] = SequenceId++;
            _output.Advance(4);
            _output.Write(payload[..chunk]);
            payload = payload[chunk..];

            // A full packet means "more follows", so a payload of exactly n * 0xFFFFFF bytes needs a trailing empty packet.
            if (chunk < PacketHeaders.MaxPacketPayload)
            {
                return;
            }
        }
    }

    /// <summary>Sends everything framed so far.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_output.WrittenCount == 0)
        {
            return;
        }

        await _stream.WriteAsync(_output.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (_output.Capacity > RetainedBufferLimit)
        {
            _output = new ArrayBufferWriter<byte>();
        }
        else
        {
            _output.ResetWrittenCount();
        }
    }

    /// <summary>Frames and sends one payload.</summary>
    public ValueTask WritePayloadAsync(ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        WritePayload(payload);
        return FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
    }

    private async ValueTask<int> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await EnsureBufferedAsync(4, cancellationToken).ConfigureAwait(false);
        var header = _readBuffer.AsSpan(_readStart, 4);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        var sequence = header[3];
        _readStart += 4;
        if (sequence != SequenceId)
        {
            // Keep the stray payload: it is usually an ERR explaining why the server is dropping us.
            var payload = Array.Empty<byte>();
            if (length <= _readBuffer.Length)
            {
                try
                {
                    await EnsureBufferedAsync(length, cancellationToken).ConfigureAwait(false);
                    payload = _readBuffer.AsSpan(_readStart, length).ToArray();
                }
                catch (IOException)
                {
                    // The connection is unusable either way; report the sequence error.
                }
            }

            throw new PacketOutOfOrderException(SequenceId, sequence, payload);
        }

        SequenceId++;
        return length;
    }

    private async ValueTask CopyToAssemblyAsync(int length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_readEnd == _readStart)
            {
                await EnsureBufferedAsync(1, cancellationToken).ConfigureAwait(false);
            }

            var chunk = Math.Min(length, _readEnd - _readStart);
            _assembly.Write(_readBuffer.AsSpan(_readStart, chunk));
            _readStart += chunk;
            length -= chunk;
        }
    }

    private async ValueTask EnsureBufferedAsync(int count, CancellationToken cancellationToken)
    {
        if (_readEnd - _readStart >= count)
        {
            return;
        }

        if (_readBuffer.Length - _readStart < count)
        {
            // Slide the partial packet to the front so the rest fits behind it.
            var buffered = _readEnd - _readStart;
            Buffer.BlockCopy(_readBuffer, _readStart, _readBuffer, 0, buffered);
            _readStart = 0;
            _readEnd = buffered;
        }

        while (_readEnd - _readStart < count)
        {
            var read = await _stream.ReadAsync(_readBuffer.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The peer closed the connection.");
            }

            _readEnd += read;
        }
    }
}
