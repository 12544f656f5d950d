using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Syncer.Wire.Thrift.Protocol;
using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Tests;

/// <summary>
/// Checks our message types and codec against shared/golden/thrift/vectors.json, which Apache Thrift's own
/// Python runtime produced from Doris's IDL: each case must decode to the listed fields and re-encode to
/// the same bytes, both as a bare struct and as a whole message.
/// </summary>
public class GoldenThriftVectorTests
{
    private static readonly Lazy<JsonArray> Cases = new(() =>
    {
        // A copy of shared/golden/thrift/vectors.json kept in the repository: a clone tests without shared/ beside it.
        var path = Path.Combine(RepoPaths.Root, "tests", "Syncer.Doris.Tests", "Golden", "vectors.json");
        return JsonNode.Parse(File.ReadAllText(path))!["cases"]!.AsArray();
    });

    private static readonly Dictionary<string, Type> StructTypes = typeof(TStatus).Assembly.GetTypes()
        .Select(t => (Type: t, Attribute: t.GetCustomAttribute<ThriftStructAttribute>()))
        .Where(x => x.Attribute is not null)
        .ToDictionary(x => x.Attribute!.Name, x => x.Type);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.Value)
        {
            data.Add(c!["name"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void Every_vector_struct_is_declared()
    {
        Assert.True(Cases.Value.Count >= 26, $"expected the full vector set, found {Cases.Value.Count}");
        foreach (var c in Cases.Value)
        {
            var name = c!["struct"]!.GetValue<string>();
            Assert.True(StructTypes.ContainsKey(name), $"no C# type for {name}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Struct_decodes_to_listed_fields_and_reencodes_to_same_bytes(string caseName)
    {
        var vector = Find(caseName);
        var type = StructTypes[vector["struct"]!.GetValue<string>()];
        var bytes = Convert.FromHexString(vector["hex"]!.GetValue<string>());

        var decoded = Invoke<object>(nameof(DecodeStruct), type, bytes);
        AssertFields(vector["fields"]!.AsObject(), decoded, caseName);

        var encoded = Invoke<byte[]>(nameof(EncodeStruct), type, decoded);
        Assert.Equal(vector["hex"]!.GetValue<string>(), Convert.ToHexStringLower(encoded));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Message_decodes_and_reencodes_to_same_bytes(string caseName)
    {
        var vector = Find(caseName);
        var message = vector["message"] as JsonObject ?? Envelope(caseName, vector["hex"]!.GetValue<string>());
        var type = StructTypes[vector["struct"]!.GetValue<string>()];
        var bytes = Convert.FromHexString(message["hex"]!.GetValue<string>());
        var expectedType = Enum.Parse<TMessageType>(message["type"]!.GetValue<string>(), ignoreCase: true);

        var (header, body) = Invoke<(TMessageHeader, object)>(nameof(DecodeMessage), type, bytes);
        Assert.Equal(message["method"]!.GetValue<string>(), header.Name);
        Assert.Equal(expectedType, header.Type);
        Assert.Equal(message["seqid"]!.GetValue<int>(), header.SeqId);
        AssertFields(vector["fields"]!.AsObject(), body, caseName);

        var encoded = Invoke<byte[]>(nameof(EncodeMessage), type, header, body);
        Assert.Equal(message["hex"]!.GetValue<string>(), Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Envelope_built_from_the_spec_matches_every_listed_message()
    {
        // The synthesized envelopes below stand in for the ones the vectors leave out; they are only as good as
        // their agreement with the envelopes Apache Thrift wrote where the vectors do list one.
        var listed = Cases.Value.Select(c => c!.AsObject()).Where(c => c["message"] is JsonObject).ToList();
        Assert.NotEmpty(listed);
        foreach (var vector in listed)
        {
            var name = vector["name"]!.GetValue<string>();
            var message = vector["message"]!.AsObject();
            var built = Envelope(name, vector["hex"]!.GetValue<string>(), message["seqid"]!.GetValue<int>());
            Assert.Equal(message["method"]!.GetValue<string>(), built["method"]!.GetValue<string>());
            Assert.Equal(message["type"]!.GetValue<string>(), built["type"]!.GetValue<string>());
            Assert.Equal(message["hex"]!.GetValue<string>(), built["hex"]!.GetValue<string>());
        }
    }

    /// <summary>
    /// The TBinaryProtocol (strict) message a case's struct travels in, written straight from the spec rather than
    /// by our codec: version|type, method name, seqid, then the args struct (field 1 = request) for a call or the
    /// result struct (field 0 = success) for a reply, each a struct field (type 12) followed by a stop byte.
    /// </summary>
    private static JsonObject Envelope(string caseName, string structHex, int seqId = 1234)
    {
        var method = caseName[..caseName.IndexOf('.', StringComparison.Ordinal)];
        var isCall = caseName[(method.Length + 1)..].StartsWith("request", StringComparison.Ordinal);
        var name = System.Text.Encoding.UTF8.GetBytes(method);
        var hex = new System.Text.StringBuilder()
            .Append(isCall ? "80010001" : "80010002")
            .Append(name.Length.ToString("x8", System.Globalization.CultureInfo.InvariantCulture))
            .Append(Convert.ToHexStringLower(name))
            .Append(seqId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture))
            .Append(isCall ? "0c0001" : "0c0000")
            .Append(structHex)
            .Append("00")
            .ToString();
        return new JsonObject { ["method"] = method, ["type"] = isCall ? "CALL" : "REPLY", ["seqid"] = seqId, ["hex"] = hex };
    }

    [Fact]
    public void Unknown_status_code_and_binlog_type_survive_as_integers()
    {
        var result = new TGetBinlogResult
        {
            Status = new TStatus { StatusCode = (TStatusCode)4242 },
            Binlogs = [new TBinlog { CommitSeq = 1, Type = (TBinlogType)99 }],
        };

        var decoded = ThriftSerializer.Deserialize<TGetBinlogResult>(ThriftSerializer.Serialize(result));

        Assert.Equal(4242, (int)decoded.Status!.StatusCode);
        Assert.Equal(99, (int)decoded.Binlogs![0].Type!.Value);
    }

    private static JsonObject Find(string caseName) =>
        Cases.Value.Single(c => c!["name"]!.GetValue<string>() == caseName)!.AsObject();

    private static T Invoke<T>(string method, Type type, params object[] args) =>
        (T)typeof(GoldenThriftVectorTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, args)!;

    private static object DecodeStruct<T>(byte[] bytes)
        where T : class, new() => ThriftSerializer.Deserialize<T>(bytes);

    private static byte[] EncodeStruct<T>(object value)
        where T : class, new() => ThriftSerializer.Serialize((T)value);

    private static (TMessageHeader, object) DecodeMessage<T>(byte[] bytes)
        where T : class, new()
    {
        var reader = new TBinaryReader(bytes);
        var header = reader.ReadMessageBegin();
        object body = header.Type == TMessageType.Reply
            ? ThriftMessageCodec.ReadResult<T>(ref reader, header.Name)
            : ThriftMessageCodec.ReadArgs<T>(ref reader);
        Assert.Equal(0, reader.Remaining);
        return (header, body);
    }

    private static byte[] EncodeMessage<T>(TMessageHeader header, object body)
        where T : class, new()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        if (header.Type == TMessageType.Reply)
        {
            ThriftMessageCodec.WriteReply(output, header.Name, header.SeqId, (T)body);
        }
        else
        {
            ThriftMessageCodec.WriteCall(output, header.Name, header.SeqId, (T)body);
        }

        return output.WrittenSpan.ToArray();
    }

    private static void AssertFields(JsonObject expected, object decoded, string context)
    {
        var actual = ToJson(decoded);
        Assert.True(
            JsonNode.DeepEquals(Normalize(expected), Normalize(actual)),
            $"{context}: decoded fields differ\nexpected: {expected.ToJsonString()}\nactual:   {actual.ToJsonString()}");
    }

    /// <summary>Renders a decoded struct the way the vectors list fields: "id:name" keys, set fields only.</summary>
    private static JsonObject ToJson(object value)
    {
        var result = new JsonObject();
        foreach (var property in value.GetType().GetProperties()
                     .Select(p => (Property: p, Field: p.GetCustomAttribute<ThriftFieldAttribute>()))
                     .Where(x => x.Field is not null)
                     .OrderBy(x => x.Field!.Id))
        {
            var fieldValue = property.Property.GetValue(value);
            if (fieldValue is not null)
            {
                result[$"{property.Field!.Id}:{property.Field.Name}"] = ToJsonValue(fieldValue);
            }
        }

        return result;
    }

    private static JsonNode ToJsonValue(object value) => value switch
    {
        byte[] bytes => new JsonObject { ["$bytes_hex"] = Convert.ToHexStringLower(bytes) },
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)),
        sbyte or short or int or long => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        double d => JsonValue.Create(d),
        IDictionary map => ToJsonObject(map),
        IEnumerable items => new JsonArray(items.Cast<object>().Select(ToJsonValue).ToArray()),
        _ => ToJson(value),
    };

    private static JsonObject ToJsonObject(IDictionary map)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in map)
        {
            result[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = ToJsonValue(entry.Value!);
        }

        return result;
    }

    // Round-trip through text so numbers compare by value whichever way they were built.
    private static JsonNode Normalize(JsonNode node) => JsonNode.Parse(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }))!;
}
