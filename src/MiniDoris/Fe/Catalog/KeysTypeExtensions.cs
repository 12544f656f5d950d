namespace MiniDoris.Fe.Catalog;

/// <summary>Doris's SQL spelling of the keys models.</summary>
public static class KeysTypeExtensions
{
    public static string ToSql(this KeysType keys) => keys switch
    {
        KeysType.UNIQUE_KEYS => "UNIQUE KEY",
        KeysType.AGG_KEYS => "AGGREGATE KEY",
        _ => "DUPLICATE KEY",
    };
}
