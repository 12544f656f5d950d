namespace MiniDoris.Fe.Catalog;

/// <summary>The kinds of tables minidoris keeps (Doris's TableType names).</summary>
public enum TableKind
{
    OLAP,
    VIEW,
}
