namespace MiniDoris.MySql.Protocol;

/// <summary>The collation ids the protocol layer needs to know about.</summary>
/// <remarks>
/// Every other id (utf8mb3 = 33, utf8mb4 = 45/46/224/255/..., and ids unknown to us) is decoded as UTF-8:
/// MariaDB 10.6+ and MySQL 8.0.30+ label system columns utf8mb3, and Doris always sends UTF-8.
/// </remarks>
internal static class CharacterSets
{
    /// <summary>utf8mb3_general_ci, what Doris and MySQL 5.7 use for text columns.</summary>
    public const int Utf8Mb3GeneralCi = 33;

    /// <summary>utf8mb4_general_ci: understood by every server since MySQL 5.5.3 / MariaDB 5.5.</summary>
    public const int Utf8Mb4GeneralCi = 45;

    /// <summary>The "binary" pseudo charset: values are raw bytes.</summary>
    public const int Binary = 63;
}
