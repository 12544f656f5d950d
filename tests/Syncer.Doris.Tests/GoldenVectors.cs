using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Thrift.Protocol;

namespace Syncer.Doris.Tests;

/// <summary>
/// Golden/vectors.json (Apache Thrift's Python runtime encoding Doris's full IDL; a copy of shared/golden/thrift kept
/// in the repository so a clone tests without shared/ beside it) and the generated struct types its cases name.
/// </summary>
internal static class GoldenVectors
{
    private static readonly Lazy<JsonArray> LazyCases = new(() =>
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Syncer.Doris.Tests", "Golden", "vectors.json");
        return JsonNode.Parse(File.ReadAllText(path))!["cases"]!.AsArray();
    });

    /// <summary>Every case of the file.</summary>
    public static JsonArray Cases => LazyCases.Value;

    /// <summary>The generated structs: public top-level TBase classes in Syncer.Doris.Thrift, by their IDL name.</summary>
    public static Dictionary<string, Type> StructTypes { get; } = typeof(TStatus).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsNested: false, Namespace: "Syncer.Doris.Thrift" } && typeof(TBase).IsAssignableFrom(t))
        .ToDictionary(t => t.Name);
}
