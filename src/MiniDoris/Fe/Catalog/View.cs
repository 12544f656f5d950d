namespace MiniDoris.Fe.Catalog;

/// <summary>A logical view; its definition has table names qualified as <c>`internal`.`db`.`t`</c>, like Doris's inline view def.</summary>
public sealed class View : Table
{
    public override TableKind Kind => TableKind.VIEW;

    /// <summary>The SELECT text of the view.</summary>
    public string Definition { get; set; } = string.Empty;
}
