namespace MiniDoris.Fe.Sql.Ast;

/// <summary>One value of a partition bound as written: MAXVALUE, NULL, or a literal's text.</summary>
public sealed record PartitionBound(bool IsMax, bool IsNull, string Text);
