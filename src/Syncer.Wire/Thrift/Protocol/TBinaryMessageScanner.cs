using System.Buffers.Binary;

namespace Syncer.Wire.Thrift.Protocol;

/// <summary>
/// Finds where one unframed TBinaryProtocol message ends in a buffer that is still being filled from a
/// socket. Doris FEs and BEs speak Thrift without frame lengths, so the only way to know a message is
/// complete is to walk its structure. The scanner keeps its place between calls, so each byte is looked at
/// once however many reads the message takes.
/// </summary>
public sealed class TBinaryMessageScanner
{
    private readonly Stack<Frame> _frames = new();
    private bool _headerDone;
    private TType? _pending;
    private int _offset;

    /// <summary>Forgets all progress, ready for the next message.</summary>
    public void Reset()
    {
        _frames.Clear();
        _headerDone = false;
        _pending = null;
        _offset = 0;
    }

    /// <summary>
    /// Continues scanning <paramref name="buffer"/>, which must start at the message's first byte and hold
    /// at least everything seen by earlier calls. Returns true with the message length once it is complete;
    /// otherwise false with the buffer length needed before another call can make progress.
    /// </summary>
    public bool TryComplete(ReadOnlySpan<byte> buffer, out int length, out int needed)
    {
        length = 0;
        if (!_headerDone && !TryScanHeader(buffer, out needed))
        {
            return false;
        }

        while (true)
        {
            if (_pending is { } type)
            {
                if (!TryScanValue(buffer, type, out needed))
                {
                    return false;
                }

                _pending = null;
            }

            if (_frames.Count == 0)
            {
                length = _offset;
                needed = _offset;
                return true;
            }

            var frame = _frames.Pop();
            if (frame.Kind == TType.Struct)
            {
                if (!Has(buffer, 1, out needed))
                {
                    _frames.Push(frame);
                    return false;
                }

                var fieldType = (TType)buffer[_offset];
                if (fieldType == TType.Stop)
                {
                    _offset += 1;
                    continue;
                }

                if (!Has(buffer, 3, out needed))
                {
                    _frames.Push(frame);
                    return false;
                }

                _offset += 3;
                _frames.Push(frame);
                _pending = fieldType;
                continue;
            }

            if (frame.Remaining == 0)
            {
                continue;
            }

            // Maps count keys and values together, from 2n down: an even count means a key comes next.
            var elementType = frame.Kind == TType.Map && frame.Remaining % 2 == 1 ? frame.ValueType : frame.ElementType;
            _frames.Push(frame with { Remaining = frame.Remaining - 1 });
            _pending = elementType;
        }
    }

    private bool TryScanHeader(ReadOnlySpan<byte> buffer, out int needed)
    {
        if (!Has(buffer, 4, out needed))
        {
            return false;
        }

        var first = BinaryPrimitives.ReadInt32BigEndian(buffer);
        int headerLength;
        if (first < 0)
        {
            if ((first & 0xffff0000) != 0x80010000)
            {
                throw new ThriftProtocolException($"bad Thrift message version 0x{first:x8}");
            }

            if (!Has(buffer, 8, out needed))
            {
                return false;
            }

            headerLength = 8 + CheckedLength(BinaryPrimitives.ReadInt32BigEndian(buffer[4..])) + 4;
        }
        else
        {
            headerLength = 4 + CheckedLength(first) + 1 + 4;
        }

        if (!Has(buffer, headerLength, out needed))
        {
            return false;
        }

        _offset = headerLength;
        _headerDone = true;
        _frames.Push(new Frame(TType.Struct, TType.Stop, TType.Stop, 0));
        return true;
    }

    private bool TryScanValue(ReadOnlySpan<byte> buffer, TType type, out int needed)
    {
        switch (type)
        {
            case TType.Bool:
            case TType.Byte:
                return Consume(buffer, 1, out needed);
            case TType.I16:
                return Consume(buffer, 2, out needed);
            case TType.I32:
                return Consume(buffer, 4, out needed);
            case TType.I64:
            case TType.Double:
                return Consume(buffer, 8, out needed);
            case TType.String:
                if (!Has(buffer, 4, out needed))
                {
                    return false;
                }

                return Consume(buffer, 4 + CheckedLength(BinaryPrimitives.ReadInt32BigEndian(buffer[_offset..])), out needed);
            case TType.Struct:
                Push(new Frame(TType.Struct, TType.Stop, TType.Stop, 0));
                needed = _offset;
                return true;
            case TType.List:
            case TType.Set:
                if (!Has(buffer, 5, out needed))
                {
                    return false;
                }

                var count = CheckedLength(BinaryPrimitives.ReadInt32BigEndian(buffer[(_offset + 1)..]));
                Push(new Frame(type, (TType)buffer[_offset], TType.Stop, count));
                _offset += 5;
                return true;
            case TType.Map:
                if (!Has(buffer, 6, out needed))
                {
                    return false;
                }

                var entries = CheckedLength(BinaryPrimitives.ReadInt32BigEndian(buffer[(_offset + 2)..]));
                Push(new Frame(TType.Map, (TType)buffer[_offset], (TType)buffer[_offset + 1], checked(entries * 2)));
                _offset += 6;
                return true;
            default:
                throw new ThriftProtocolException($"unknown Thrift type id {(byte)type} at offset {_offset}");
        }
    }

    private void Push(Frame frame)
    {
        if (_frames.Count >= TBinaryReader.MaxDepth)
        {
            throw new ThriftProtocolException($"Thrift value nested deeper than {TBinaryReader.MaxDepth}");
        }

        _frames.Push(frame);
    }

    private bool Consume(ReadOnlySpan<byte> buffer, int count, out int needed)
    {
        if (!Has(buffer, count, out needed))
        {
            return false;
        }

        _offset += count;
        return true;
    }

    private bool Has(ReadOnlySpan<byte> buffer, int count, out int needed)
    {
        needed = checked(_offset + count);
        return buffer.Length >= needed;
    }

    private static int CheckedLength(int length) =>
        length >= 0 ? length : throw new ThriftProtocolException($"negative length {length}");

    private readonly record struct Frame(TType Kind, TType ElementType, TType ValueType, int Remaining);
}
