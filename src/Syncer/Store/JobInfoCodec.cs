using System.Text.Json;
using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>Turns <see cref="JobInfo"/> into the stored job_info JSON (passwords encrypted) and back.</summary>
public sealed class JobInfoCodec(PasswordCipher cipher)
{
    /// <summary>JSON for the <c>job_info</c> column.</summary>
    public string Encode(JobInfo info)
    {
        var stored = info with
        {
            Src = info.Src with { Password = cipher.Encrypt(info.Src.Password) },
            Dest = info.Dest with { Password = cipher.Encrypt(info.Dest.Password) },
        };
        return JsonSerializer.Serialize(stored, JobJson.Options);
    }

    /// <summary>Reads a <c>job_info</c> column (ours, or a Go syncer's with plaintext passwords).</summary>
    public JobInfo Decode(string name, string json)
    {
        JobInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<JobInfo>(json, JobJson.Options);
        }
        catch (JsonException e)
        {
            throw new StoreException($"job {name}: stored job_info is not valid JSON: {e.Message}", e);
        }
        if (info is null) throw new StoreException($"job {name}: stored job_info is null");
        return info with
        {
            Src = info.Src with { Password = cipher.Decrypt(info.Src.Password) },
            Dest = info.Dest with { Password = cipher.Decrypt(info.Dest.Password) },
        };
    }

    /// <summary>
    /// For a row adopted from a Go syncer (plaintext passwords), the same job_info with its passwords encrypted;
    /// null when the row needs no rewrite.
    /// </summary>
    public string? EncryptLegacyRow(string name, string? json) =>
        json is not null && HasPlaintextPassword(json) ? Encode(Decode(name, json)) : null;

    /// <summary>Whether stored JSON still holds a plaintext password (a Go syncer row not yet rewritten).</summary>
    public static bool HasPlaintextPassword(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return IsPlain(doc.RootElement, "src") || IsPlain(doc.RootElement, "dest");

        static bool IsPlain(JsonElement root, string side) =>
            root.TryGetProperty(side, out var spec) && spec.TryGetProperty("password", out var p)
            && p.GetString() is { Length: > 0 } s && !PasswordCipher.IsEncrypted(s);
    }
}
