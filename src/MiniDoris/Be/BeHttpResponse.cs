namespace MiniDoris.Be;

/// <summary>An HTTP answer of a BE endpoint: status code, body and content type.</summary>
public sealed record BeHttpResponse(int StatusCode, byte[] Body, string ContentType = "text/plain; charset=utf-8")
{
    public static BeHttpResponse Text(int statusCode, string body) => new(statusCode, System.Text.Encoding.UTF8.GetBytes(body));
}
