using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport.Client;

namespace Syncer.Doris.Tests;

/// <summary>
/// Checks the C# generated from our IDL subset (Apache Thrift's netstd runtime) against Golden/vectors.json, which
/// Apache Thrift's Python runtime produced from Doris's full IDL: each case must decode to the listed fields and
/// re-encode to the same bytes, both as a bare struct and as a whole message (args or result struct of the
/// generated service).
/// </summary>
public partial class GoldenThriftVectorTests
{
    // The generated services' call arguments and replies, by "<method>_args" / "<method>_result".
    private static readonly Dictionary<string, Type> EnvelopeTypes = new[] { typeof(FrontendService.InternalStructs), typeof(BackendService.InternalStructs) }
        .SelectMany(t => t.GetNestedTypes())
        .ToDictionary(t => t.Name);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenVectors.Cases)
        {
            data.Add(c!["name"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void Every_vector_struct_is_declared()
    {
        Assert.True(GoldenVectors.Cases.Count >= 26, $"expected the full vector set, found {GoldenVectors.Cases.Count}");
        foreach (var c in GoldenVectors.Cases)
        {
            var name = c!["struct"]!.GetValue<string>();
            Assert.True(GoldenVectors.StructTypes.ContainsKey(name), $"no C# type for {name}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Struct_decodes_to_listed_fields_and_reencodes_to_same_bytes(string caseName)
    {
        var vector = Find(caseName);
        var type = GoldenVectors.StructTypes[vector["struct"]!.GetValue<string>()];
        var bytes = Convert.FromHexString(vector["hex"]!.GetValue<string>());

        var (protocol, input) = Reader(bytes);
        var decoded = (TBase)Activator.CreateInstance(type)!;
        await decoded.ReadAsync(protocol, CancellationToken.None);
        Assert.Equal(0, input.Length - input.Position);
        AssertFields(vector["fields"]!.AsObject(), decoded, caseName);

        var encoded = await WriteAsync(async p => await decoded.WriteAsync(p, CancellationToken.None));
        Assert.Equal(vector["hex"]!.GetValue<string>(), Convert.ToHexStringLower(encoded));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Message_decodes_and_reencodes_to_same_bytes(string caseName)
    {
        var vector = Find(caseName);
        var message = vector["message"] as JsonObject ?? Envelope(caseName, vector["hex"]!.GetValue<string>());
        var type = GoldenVectors.StructTypes[vector["struct"]!.GetValue<string>()];
        var bytes = Convert.FromHexString(message["hex"]!.GetValue<string>());
        var expectedType = Enum.Parse<TMessageType>(message["type"]!.GetValue<string>(), ignoreCase: true);

        var (protocol, input) = Reader(bytes);
        var header = await protocol.ReadMessageBeginAsync(CancellationToken.None);
        var envelopeType = EnvelopeTypes[header.Name + (header.Type == TMessageType.Reply ? "_result" : "_args")];
        var envelope = (TBase)Activator.CreateInstance(envelopeType)!;
        await envelope.ReadAsync(protocol, CancellationToken.None);
        await protocol.ReadMessageEndAsync(CancellationToken.None);
        Assert.Equal(0, input.Length - input.Position);
        // The args struct's one field is the request (field 1); the result's is success (field 0).
        var bodyProperty = envelopeType.GetProperties().Single(p => p.PropertyType == type);
        var body = bodyProperty.GetValue(envelope)!;
        Assert.Equal(message["method"]!.GetValue<string>(), header.Name);
        Assert.Equal(expectedType, header.Type);
        Assert.Equal(message["seqid"]!.GetValue<int>(), header.SeqID);
        AssertFields(vector["fields"]!.AsObject(), body, caseName);

        // Re-encode from a fresh envelope holding only the decoded body.
        var fresh = (TBase)Activator.CreateInstance(envelopeType)!;
        bodyProperty.SetValue(fresh, body);
        var encoded = await WriteAsync(async p =>
        {
            await p.WriteMessageBeginAsync(header, CancellationToken.None);
            await fresh.WriteAsync(p, CancellationToken.None);
            await p.WriteMessageEndAsync(CancellationToken.None);
        });
        Assert.Equal(message["hex"]!.GetValue<string>(), Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Envelope_built_from_the_spec_matches_every_listed_message()
    {
        // The synthesized envelopes below stand in for the ones the vectors leave out; they are only as good as
        // their agreement with the envelopes Apache Thrift wrote where the vectors do list one.
        var listed = GoldenVectors.Cases.Select(c => c!.AsObject()).Where(c => c["message"] is JsonObject).ToList();
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
    public async Task Unknown_status_code_and_binlog_type_survive_as_integers()
    {
        var result = new TGetBinlogResult
        {
            Status = new TStatus { StatusCode = (TStatusCode)4242 },
            Binlogs = [new TBinlog { CommitSeq = 1, Type = (TBinlogType)99 }],
        };

        var bytes = await WriteAsync(async p => await result.WriteAsync(p, CancellationToken.None));
        var decoded = new TGetBinlogResult();
        await decoded.ReadAsync(Reader(bytes).Protocol, CancellationToken.None);

        Assert.Equal(4242, (int)decoded.Status!.StatusCode);
        Assert.Equal(99, (int)decoded.Binlogs![0].Type);
        Assert.True(decoded.Binlogs[0].__isset.type);
    }

    private static JsonObject Find(string caseName) =>
        GoldenVectors.Cases.Single(c => c!["name"]!.GetValue<string>() == caseName)!.AsObject();

    private static (TBinaryProtocol Protocol, MemoryStream Input) Reader(byte[] bytes)
    {
        var input = new MemoryStream(bytes, writable: false);
        return (new TBinaryProtocol(new TStreamTransport(input, null, new TConfiguration())), input);
    }

    private static async Task<byte[]> WriteAsync(Func<TProtocol, Task> write)
    {
        using var output = new MemoryStream();
        using var protocol = new TBinaryProtocol(new TStreamTransport(null, output, new TConfiguration()));
        await write(protocol);
        await protocol.Transport.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    private static void AssertFields(JsonObject expected, object decoded, string context)
    {
        var actual = ToJson(decoded);
        Assert.True(
            JsonNode.DeepEquals(Normalize(ByPropertyName(expected)!), Normalize(actual)),
            $"{context}: decoded fields differ\nexpected: {expected.ToJsonString()}\nactual:   {actual.ToJsonString()}");
    }

    /// <summary>
    /// Renders a decoded struct with the fields the generated code considers set (its __isset flag, and non-null for
    /// references; required fields always), keyed by property name. Field ids are not in the generated types; the
    /// byte-identical re-encoding is what checks them.
    /// </summary>
    private static JsonObject ToJson(object value)
    {
        var type = value.GetType();
        var issetField = type.GetField("__isset");
        var isset = issetField?.GetValue(value);
        var flags = issetField?.FieldType.GetFields().ToDictionary(f => PascalCase(f.Name), f => (bool)f.GetValue(isset)!) ?? [];
        var result = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var fieldValue = property.GetValue(value);
            var set = flags.TryGetValue(property.Name, out var flag) ? flag : true;
            if (set && fieldValue is not null)
            {
                result[property.Name] = ToJsonValue(fieldValue);
            }
        }

        return result;
    }

    /// <summary>The vectors' "id:name" keys as the generated property names (the compiler's pascal option); map keys stay.</summary>
    private static JsonNode? ByPropertyName(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(
            FieldKey().Match(kv.Key) is { Success: true } m ? PascalCase(m.Groups[1].Value) : kv.Key,
            ByPropertyName(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(ByPropertyName).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>commit_seq → CommitSeq, tabletId → TabletId, as thrift --gen netstd:pascal names properties.</summary>
    private static string PascalCase(string name) =>
        string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    [GeneratedRegex(@"^\d+:(.+)$")]
    private static partial Regex FieldKey();

    private static JsonNode ToJsonValue(object value) => value switch
    {
        byte[] bytes => new JsonObject { ["$bytes_hex"] = Convert.ToHexStringLower(bytes) },
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)),
        sbyte or short or int or long => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        double d => JsonValue.Create(d),
        IDictionary map => ToJsonObject(map),
        TBase => ToJson(value),
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
