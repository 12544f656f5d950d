using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>A job of <c>/list_jobs</c> with the instance that owns it and the owner epoch (the fencing token).</summary>
public sealed record JobOwnerView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("epoch")] long Epoch);
