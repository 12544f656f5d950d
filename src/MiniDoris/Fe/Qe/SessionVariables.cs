namespace MiniDoris.Fe.Qe;

/// <summary>The system variables a Doris FE reports (what drivers and the mariadb CLI ask for at connect).</summary>
public static class SessionVariables
{
    /// <summary>Doris FE announces itself as MySQL 5.7.99.</summary>
    public const string MysqlVersion = "5.7.99";

    public const string VersionComment = "Doris version doris-2.1.8-minidoris";

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["version_comment"] = VersionComment,
        ["version"] = MysqlVersion,
        ["auto_increment_increment"] = "1",
        ["autocommit"] = "1",
        ["character_set_client"] = "utf8mb4",
        ["character_set_connection"] = "utf8mb4",
        ["character_set_results"] = "utf8mb4",
        ["character_set_server"] = "utf8mb4",
        ["collation_connection"] = "utf8mb4_0900_bin",
        ["collation_database"] = "utf8mb4_0900_bin",
        ["collation_server"] = "utf8mb4_0900_bin",
        ["init_connect"] = string.Empty,
        ["interactive_timeout"] = "3600",
        ["license"] = "Apache License, Version 2.0",
        ["lower_case_table_names"] = "0",
        ["max_allowed_packet"] = "16777216",
        ["net_buffer_length"] = "16384",
        ["net_write_timeout"] = "600",
        ["query_cache_size"] = "1048576",
        ["query_cache_type"] = "0",
        ["sql_mode"] = "ONLY_FULL_GROUP_BY",
        ["sql_select_limit"] = "9223372036854775807",
        ["system_time_zone"] = "UTC",
        ["time_zone"] = "UTC",
        ["transaction_isolation"] = "REPEATABLE-READ",
        ["tx_isolation"] = "REPEATABLE-READ",
        ["tx_read_only"] = "0",
        ["transaction_read_only"] = "0",
        ["wait_timeout"] = "28800",
        ["performance_schema"] = "0",
        ["have_query_cache"] = "YES",
        ["enable_insert_strict"] = "true",
        ["insert_timeout"] = "14400",
        ["query_timeout"] = "900",
    };

    public static string? Get(SessionContext session, string name) =>
        session.Variables.TryGetValue(name, out var v) ? v : Defaults.GetValueOrDefault(name);
}
