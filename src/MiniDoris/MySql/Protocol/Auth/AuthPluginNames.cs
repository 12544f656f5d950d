namespace MiniDoris.MySql.Protocol;

/// <summary>Authentication plugin names as they appear on the wire.</summary>
internal static class AuthPluginNames
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";
}
