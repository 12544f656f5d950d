using System.Globalization;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Sql;

/// <summary>INSERT and DELETE.</summary>
public sealed partial class SqlParser
{
    private InsertStmt ParseInsert()
    {
        ExpectKeyword("INSERT");
        bool overwrite;
        if (AcceptKeyword("OVERWRITE"))
        {
            overwrite = true;
            AcceptKeyword("TABLE");
        }
        else
        {
            ExpectKeyword("INTO");
            AcceptKeyword("TABLE");
            overwrite = false;
        }

        var table = ParseTableName();
        List<string>? partitions = null;
        if (AcceptKeyword("PARTITION") || AcceptKeyword("PARTITIONS"))
        {
            partitions = Peek().IsSymbol("(") && Peek(1).IsSymbol("*") ? SkipStarPartition() : ParseIdentifierList();
        }

        string? label = null;
        if (AcceptKeyword("WITH"))
        {
            ExpectKeyword("LABEL");
            label = ParseIdentifier();
        }

        List<string>? columns = null;
        if (Peek().IsSymbol("(") && !PeekKeyword("SELECT", 1) && !PeekKeyword("WITH", 1))
        {
            columns = ParseIdentifierList();
        }

        if (AcceptKeyword("VALUES") || AcceptKeyword("VALUE"))
        {
            var rows = new List<List<InsertValue>>();
            do
            {
                rows.Add(ParseValuesRow());
            }
            while (AcceptSymbol(","));

            return new InsertStmt(table, overwrite, partitions, label, columns, rows, null);
        }

        return new InsertStmt(table, overwrite, partitions, label, columns, null, CaptureUntilEnd());
    }

    private List<string>? SkipStarPartition()
    {
        // PARTITION (*) means "auto-detect"; treated as all partitions.
        ExpectSymbol("(");
        ExpectSymbol("*");
        ExpectSymbol(")");
        return null;
    }

    private List<InsertValue> ParseValuesRow()
    {
        ExpectSymbol("(");
        var values = new List<InsertValue>();
        if (AcceptSymbol(")"))
        {
            return values;
        }

        do
        {
            values.Add(ParseInsertValue());
        }
        while (AcceptSymbol(","));

        ExpectSymbol(")");
        return values;
    }

    private InsertValue ParseInsertValue()
    {
        var save = _pos;
        if (AcceptKeyword("DEFAULT") && IsValueEnd())
        {
            return InsertValue.DefaultValue;
        }

        _pos = save;
        if (TryParseLiteral(out var literal) && IsValueEnd())
        {
            return new InsertValue(InsertValueKind.Literal, literal, null);
        }

        _pos = save;
        return new InsertValue(InsertValueKind.Expression, null, CaptureExpression());
    }

    private bool IsValueEnd() => Peek().IsSymbol(",") || Peek().IsSymbol(")");

    /// <summary>Reads a plain literal (string, number, NULL, TRUE/FALSE, negative number) into a value.</summary>
    private bool TryParseLiteral(out object? value)
    {
        value = null;
        var t = Peek();
        if (t.Kind == SqlTokenKind.String)
        {
            Next();
            value = t.Text;
            return true;
        }

        if (t.IsKeyword("NULL"))
        {
            Next();
            return true;
        }

        if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE"))
        {
            Next();
            value = t.IsKeyword("TRUE") ? 1L : 0L;
            return true;
        }

        var negative = false;
        if (t.IsSymbol("-") || t.IsSymbol("+"))
        {
            negative = t.IsSymbol("-");
            Next();
            t = Peek();
        }

        if (t.Kind != SqlTokenKind.Number || t.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Next();
        value = ParseNumber((negative ? "-" : string.Empty) + t.Text);
        return true;
    }

    /// <summary>Turns number text into long, decimal or double as MySQL literal typing would.</summary>
    internal static object ParseNumber(string text)
    {
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return l;
            }

            // Beyond BIGINT: keep the digits so LARGEINT/DECIMAL columns can take them exactly.
            return text;
        }

        if (!text.Contains('e', StringComparison.OrdinalIgnoreCase)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var m))
        {
            return m;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private DeleteStmt ParseDelete()
    {
        ExpectKeyword("DELETE");
        ExpectKeyword("FROM");
        var table = ParseTableName();
        List<string>? partitions = null;
        if (AcceptKeyword("PARTITION"))
        {
            partitions = ParseIdentifierListMaybeParenthesized();
        }
        else if (AcceptKeyword("PARTITIONS"))
        {
            partitions = ParseIdentifierList();
        }

        ExpectKeyword("WHERE");
        return new DeleteStmt(table, partitions, CaptureUntilEnd());
    }
}
