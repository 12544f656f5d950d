using System.Buffers;
using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Wire.Thrift.Protocol;

/// <summary>
/// Encodes whole Thrift messages: the envelope plus the method's argument struct (request in field 1, as
/// every Doris FrontendService/BackendService method declares it) or result struct (success in field 0),
/// and TApplicationException replies.
/// </summary>
public static class ThriftMessageCodec
{
    /// <summary>The field id of the single request argument of every Doris RPC method.</summary>
    public const short RequestFieldId = 1;

    /// <summary>The field id of <c>success</c> in a Thrift result struct.</summary>
    public const short SuccessFieldId = 0;

    public static void WriteCall<TRequest>(IBufferWriter<byte> output, string method, int seqId, TRequest request, bool oneway = false)
        where TRequest : class, new()
    {
        var writer = new TBinaryWriter(output);
        writer.WriteMessageBegin(new TMessageHeader(method, oneway ? TMessageType.Oneway : TMessageType.Call, seqId));
        WriteWrapped(ref writer, RequestFieldId, request);
    }

    public static void WriteReply<TResult>(IBufferWriter<byte> output, string method, int seqId, TResult result)
        where TResult : class, new()
    {
        var writer = new TBinaryWriter(output);
        writer.WriteMessageBegin(new TMessageHeader(method, TMessageType.Reply, seqId));
        WriteWrapped(ref writer, SuccessFieldId, result);
    }

    public static void WriteException(IBufferWriter<byte> output, string method, int seqId, ThriftApplicationException exception)
    {
        var writer = new TBinaryWriter(output);
        writer.WriteMessageBegin(new TMessageHeader(method, TMessageType.Exception, seqId));
        writer.WriteFieldBegin(TType.String, 1);
        writer.WriteString(exception.Message);
        writer.WriteFieldBegin(TType.I32, 2);
        writer.WriteI32((int)exception.Type);
        writer.WriteFieldStop();
    }

    /// <summary>Reads an argument struct after the envelope. An absent request decodes as an empty one.</summary>
    public static TRequest ReadArgs<TRequest>(ref TBinaryReader reader)
        where TRequest : class, new() =>
        ReadWrapped<TRequest>(ref reader, RequestFieldId) ?? new TRequest();

    /// <summary>Reads a result struct after a REPLY envelope; a reply without <c>success</c> is an error.</summary>
    public static TResult ReadResult<TResult>(ref TBinaryReader reader, string method)
        where TResult : class, new() =>
        ReadWrapped<TResult>(ref reader, SuccessFieldId)
        ?? throw new ThriftApplicationException(TApplicationExceptionType.MissingResult, $"{method} failed: unknown result");

    public static ThriftApplicationException ReadApplicationException(ref TBinaryReader reader)
    {
        var message = string.Empty;
        var type = TApplicationExceptionType.Unknown;
        while (reader.ReadFieldBegin(out var fieldType, out var id))
        {
            if (id == 1 && fieldType == TType.String)
            {
                message = reader.ReadString();
            }
            else if (id == 2 && fieldType == TType.I32)
            {
                type = (TApplicationExceptionType)reader.ReadI32();
            }
            else
            {
                reader.Skip(fieldType);
            }
        }

        return new ThriftApplicationException(type, message);
    }

    private static void WriteWrapped<T>(ref TBinaryWriter writer, short fieldId, T value)
        where T : class, new()
    {
        writer.WriteFieldBegin(TType.Struct, fieldId);
        ThriftCodecs.Struct<T>().Write(ref writer, value);
        writer.WriteFieldStop();
    }

    private static T? ReadWrapped<T>(ref TBinaryReader reader, short fieldId)
        where T : class, new()
    {
        T? value = null;
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            if (id == fieldId && type == TType.Struct)
            {
                value = ThriftCodecs.Struct<T>().Read(ref reader);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return value;
    }
}
