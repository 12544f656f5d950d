namespace MiniDoris.Fe.Sql;

/// <summary>
/// Follows a query token by token and tells whether the current token stands where a table name goes
/// (right after FROM, JOIN, or a comma inside a FROM clause), so table references are told apart from columns.
/// </summary>
internal sealed class TablePositionTracker
{
    private static readonly string[] ClauseEnders =
        ["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "ON", "USING", "WINDOW", "SELECT"];

    private readonly Stack<bool> _inFrom = new([false]);
    private bool _expectTable;

    /// <summary>True when the token about to be fed is in table-name position.</summary>
    public bool AtTablePosition => _expectTable;

    /// <summary>Feeds the next token (call after deciding on <see cref="AtTablePosition"/>).</summary>
    public void Feed(SqlToken t)
    {
        if (t.IsSymbol("("))
        {
            _inFrom.Push(false);
            _expectTable = false;
            return;
        }

        if (t.IsSymbol(")"))
        {
            if (_inFrom.Count > 1)
            {
                _inFrom.Pop();
            }

            _expectTable = false;
            return;
        }

        if (t.IsKeyword("FROM") || t.IsKeyword("JOIN"))
        {
            _inFrom.Pop();
            _inFrom.Push(true);
            _expectTable = true;
            return;
        }

        if (t.IsSymbol(",") && _inFrom.Peek())
        {
            _expectTable = true;
            return;
        }

        if (t.Kind == SqlTokenKind.Word && ClauseEnders.Any(t.IsKeyword))
        {
            _inFrom.Pop();
            _inFrom.Push(false);
        }

        _expectTable = false;
    }

    /// <summary>Marks that a table reference spanning several tokens was consumed (db . table).</summary>
    public void TableConsumed() => _expectTable = false;
}
