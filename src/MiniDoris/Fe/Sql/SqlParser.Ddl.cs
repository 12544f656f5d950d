using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Sql;

/// <summary>CREATE TABLE and ALTER TABLE.</summary>
public sealed partial class SqlParser
{
    private CreateTableStmt ParseCreateTable()
    {
        ExpectKeyword("TABLE");
        var ifNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
        var name = ParseTableName();
        ExpectSymbol("(");
        var columns = new List<ColumnDef>();
        var indexes = new List<IndexDef>();
        do
        {
            if (AcceptKeyword("INDEX"))
            {
                AcceptKeywords("IF", "NOT", "EXISTS");
                indexes.Add(ParseIndexDefRest(ParseIdentifier()));
                continue;
            }

            columns.Add(ParseColumnDef());
        }
        while (AcceptSymbol(","));

        ExpectSymbol(")");

        KeysDesc? keys = null;
        string? comment = null;
        PartitionDesc? partition = null;
        DistributionDesc? distribution = null;
        var properties = new List<KeyValuePair<string, string>>();
        while (true)
        {
            if (AcceptKeyword("ENGINE"))
            {
                ExpectSymbol("=");
                var engine = ParseIdentifier();
                if (!engine.Equals("olap", StringComparison.OrdinalIgnoreCase))
                {
                    throw DorisErrors.Generic($"Unknown table engine: {engine}");
                }
            }
            else if (PeekKeyword("DUPLICATE") || PeekKeyword("UNIQUE") || PeekKeyword("AGGREGATE"))
            {
                var kind = Next().Text.ToUpperInvariant() switch
                {
                    "UNIQUE" => KeysType.UNIQUE_KEYS,
                    "AGGREGATE" => KeysType.AGG_KEYS,
                    _ => KeysType.DUP_KEYS,
                };
                ExpectKeyword("KEY");
                keys = new KeysDesc(kind, ParseIdentifierList());
            }
            else if (AcceptKeyword("COMMENT"))
            {
                comment = ParseString();
            }
            else if (PeekKeyword("PARTITION"))
            {
                partition = ParsePartitionBy();
            }
            else if (PeekKeyword("DISTRIBUTED"))
            {
                distribution = ParseDistribution();
            }
            else if (PeekKeyword("PROPERTIES"))
            {
                properties = ParsePropertiesClause();
            }
            else if (PeekKeyword("ROLLUP") || PeekKeyword("AUTO"))
            {
                throw DorisErrors.Generic($"minidoris does not support {Peek().Text.ToUpperInvariant()} in CREATE TABLE");
            }
            else
            {
                break;
            }
        }

        return new CreateTableStmt(name, ifNotExists, columns, keys, comment, partition, distribution, properties) { Indexes = indexes };
    }

    private ColumnDef ParseColumnDef()
    {
        var name = ParseIdentifier();
        var type = ParseColumnType();
        AggregateType? aggregation = null;
        bool? nullable = null;
        string? defaultValue = null;
        var defaultIsExpression = false;
        string? comment = null;
        var keyMarked = false;
        while (true)
        {
            if (AcceptKeyword("KEY"))
            {
                keyMarked = true;
            }
            else if (PeekKeyword("SUM") || PeekKeyword("MAX") || PeekKeyword("MIN") || PeekKeyword("REPLACE")
                || PeekKeyword("REPLACE_IF_NOT_NULL") || PeekKeyword("NONE"))
            {
                aggregation = Enum.Parse<AggregateType>(Next().Text.ToUpperInvariant());
            }
            else if (AcceptKeywords("NOT", "NULL"))
            {
                nullable = false;
            }
            else if (AcceptKeyword("NULL"))
            {
                nullable = true;
            }
            else if (AcceptKeyword("DEFAULT"))
            {
                if (AcceptKeyword("NULL"))
                {
                    defaultValue = null;
                }
                else if (Peek().Kind == SqlTokenKind.String)
                {
                    defaultValue = ParseString();
                }
                else if (Peek().Kind == SqlTokenKind.Number || Peek().IsSymbol("-"))
                {
                    var negative = AcceptSymbol("-");
                    defaultValue = (negative ? "-" : string.Empty) + Next().Text;
                }
                else if (PeekKeyword("CURRENT_TIMESTAMP") || PeekKeyword("CURRENT_DATE") || PeekKeyword("NOW"))
                {
                    defaultValue = Next().Text.ToUpperInvariant();
                    if (AcceptSymbol("("))
                    {
                        if (Peek().Kind == SqlTokenKind.Number)
                        {
                            defaultValue += "(" + Next().Text + ")";
                        }

                        ExpectSymbol(")");
                    }

                    defaultIsExpression = true;
                }
                else
                {
                    throw Error("a default value");
                }
            }
            else if (AcceptKeyword("COMMENT"))
            {
                comment = ParseString();
            }
            else if (AcceptKeyword("AUTO_INCREMENT"))
            {
                throw DorisErrors.Generic("minidoris does not support AUTO_INCREMENT columns");
            }
            else
            {
                break;
            }
        }

        return new ColumnDef(name, type, aggregation, nullable, defaultValue, defaultIsExpression, comment, keyMarked);
    }

    private ColumnType ParseColumnType()
    {
        var word = Peek();
        if (word.Kind != SqlTokenKind.Word)
        {
            throw Error("a column type");
        }

        Next();
        var args = new List<int>();
        if (AcceptSymbol("("))
        {
            do
            {
                args.Add(ParseInt());
            }
            while (AcceptSymbol(","));

            ExpectSymbol(")");
        }

        int Arg(int i, int fallback) => i < args.Count ? args[i] : fallback;

        var type = word.Text.ToUpperInvariant() switch
        {
            "BOOLEAN" or "BOOL" => new ColumnType(PrimitiveType.BOOLEAN),
            "TINYINT" => new ColumnType(PrimitiveType.TINYINT),
            "SMALLINT" => new ColumnType(PrimitiveType.SMALLINT),
            "INT" or "INTEGER" => new ColumnType(PrimitiveType.INT),
            "BIGINT" => new ColumnType(PrimitiveType.BIGINT),
            "LARGEINT" => new ColumnType(PrimitiveType.LARGEINT),
            "FLOAT" => new ColumnType(PrimitiveType.FLOAT),
            "DOUBLE" => new ColumnType(PrimitiveType.DOUBLE),
            "DECIMAL" or "DECIMALV3" or "DECIMALV2" => ColumnType.Decimal(Arg(0, 9), Arg(1, 0)),
            "DATE" or "DATEV2" => new ColumnType(PrimitiveType.DATEV2),
            "DATETIME" or "DATETIMEV2" => new ColumnType(PrimitiveType.DATETIMEV2, 0, 0, Arg(0, 0)),
            "CHAR" => new ColumnType(PrimitiveType.CHAR, Arg(0, 1)),
            "VARCHAR" => new ColumnType(PrimitiveType.VARCHAR, Arg(0, ColumnType.MaxVarcharLength)),
            "STRING" or "TEXT" => new ColumnType(PrimitiveType.STRING),
            _ => throw DorisErrors.Generic($"Unsupported data type: {word.Text}"),
        };

        if (type.IsDecimal && (type.Precision < 1 || type.Precision > 38 || type.Scale < 0 || type.Scale > type.Precision))
        {
            throw DorisErrors.Generic($"Invalid decimal type with precision = {type.Precision}, scale = {type.Scale}");
        }

        if (type.Type == PrimitiveType.DATETIMEV2 && (type.Scale < 0 || type.Scale > 6))
        {
            throw DorisErrors.Generic($"Scale of Datetime/Time must between 0 and 6. Scale was set to: {type.Scale}");
        }

        return type;
    }

    private PartitionDesc ParsePartitionBy()
    {
        ExpectKeyword("PARTITION");
        ExpectKeyword("BY");
        PartitionType type;
        if (AcceptKeyword("RANGE"))
        {
            type = PartitionType.RANGE;
        }
        else if (AcceptKeyword("LIST"))
        {
            type = PartitionType.LIST;
        }
        else
        {
            throw Error("RANGE or LIST");
        }

        var columns = ParseIdentifierList();
        ExpectSymbol("(");
        var partitions = new List<SinglePartitionDesc>();
        if (!AcceptSymbol(")"))
        {
            do
            {
                partitions.Add(ParseSinglePartition());
            }
            while (AcceptSymbol(","));

            ExpectSymbol(")");
        }

        return new PartitionDesc(type, columns, partitions);
    }

    private SinglePartitionDesc ParseSinglePartition()
    {
        ExpectKeyword("PARTITION");
        var ifNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
        var name = ParseIdentifier();
        var kind = PartitionValuesKind.None;
        List<PartitionBound> upper = [];
        List<PartitionBound> lower = [];
        List<List<PartitionBound>> inValues = [];
        if (AcceptKeyword("VALUES"))
        {
            if (AcceptKeywords("LESS", "THAN"))
            {
                kind = PartitionValuesKind.LessThan;
                upper = AcceptKeyword("MAXVALUE") ? [new PartitionBound(true, false, "MAXVALUE")] : ParseBoundTuple();
            }
            else if (AcceptSymbol("["))
            {
                kind = PartitionValuesKind.Fixed;
                lower = ParseBoundTuple();
                ExpectSymbol(",");
                upper = ParseBoundTuple();
                ExpectSymbol(")");
            }
            else if (AcceptKeyword("IN"))
            {
                kind = PartitionValuesKind.In;
                ExpectSymbol("(");
                do
                {
                    inValues.Add(Peek().IsSymbol("(") ? ParseBoundTuple() : [ParseBound()]);
                }
                while (AcceptSymbol(","));

                ExpectSymbol(")");
            }
            else
            {
                throw Error("LESS THAN, [ or IN");
            }
        }

        var properties = new List<KeyValuePair<string, string>>();
        if (Peek().IsSymbol("(") && Peek(1).Kind == SqlTokenKind.String && Peek(2).IsSymbol("="))
        {
            properties = ParsePropertyList();
        }

        return new SinglePartitionDesc(name, ifNotExists, kind, upper, lower, inValues, properties);
    }

    private List<PartitionBound> ParseBoundTuple()
    {
        ExpectSymbol("(");
        var list = new List<PartitionBound>();
        if (AcceptSymbol(")"))
        {
            return list;
        }

        do
        {
            list.Add(ParseBound());
        }
        while (AcceptSymbol(","));

        ExpectSymbol(")");
        return list;
    }

    private PartitionBound ParseBound()
    {
        if (AcceptKeyword("MAXVALUE"))
        {
            return new PartitionBound(true, false, "MAXVALUE");
        }

        if (AcceptKeyword("NULL"))
        {
            return new PartitionBound(false, true, "NULL");
        }

        if (Peek().Kind == SqlTokenKind.String)
        {
            return new PartitionBound(false, false, ParseString());
        }

        var negative = AcceptSymbol("-");
        if (Peek().Kind != SqlTokenKind.Number)
        {
            throw Error("a partition value");
        }

        return new PartitionBound(false, false, (negative ? "-" : string.Empty) + Next().Text);
    }

    private DistributionDesc ParseDistribution()
    {
        ExpectKeyword("DISTRIBUTED");
        ExpectKeyword("BY");
        DistributionType type;
        var columns = new List<string>();
        if (AcceptKeyword("HASH"))
        {
            type = DistributionType.HASH;
            columns = ParseIdentifierList();
        }
        else if (AcceptKeyword("RANDOM"))
        {
            type = DistributionType.RANDOM;
        }
        else
        {
            throw Error("HASH or RANDOM");
        }

        var buckets = 0;
        var auto = false;
        if (AcceptKeyword("BUCKETS"))
        {
            if (AcceptKeyword("AUTO"))
            {
                auto = true;
            }
            else
            {
                buckets = ParseInt();
                if (buckets <= 0)
                {
                    throw DorisErrors.Generic("Number of hash distribution should be greater than zero.");
                }
            }
        }

        return new DistributionDesc(type, columns, buckets, auto);
    }

    private AlterTableStmt ParseAlterTableRest()
    {
        var name = ParseTableName();
        var clauses = new List<AlterClause>();
        do
        {
            var start = Peek().Start;
            var clause = ParseAlterClause();
            var end = _tokens[_pos - 1].End;
            clauses.Add(clause with { Text = _sql[start..end] });
        }
        while (AcceptSymbol(","));

        return new AlterTableStmt(name, clauses);
    }

    /// <summary>After INDEX name: (cols) [USING INVERTED|BITMAP|NGRAM_BF] [PROPERTIES (...)] [COMMENT 'c'].</summary>
    private IndexDef ParseIndexDefRest(string name)
    {
        ExpectSymbol("(");
        var cols = new List<string>();
        do
        {
            cols.Add(ParseIdentifier());
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        var type = "INVERTED";
        if (AcceptKeyword("USING"))
        {
            type = ParseIdentifier().ToUpperInvariant();
            if (type is not ("INVERTED" or "BITMAP" or "NGRAM_BF"))
            {
                throw DorisErrors.Generic($"Unsupported index type: {type}");
            }
        }

        var props = PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : [];
        string? comment = AcceptKeyword("COMMENT") ? ParseString() : null;
        return new IndexDef(name, cols, type, props, comment);
    }

    /// <summary>
    /// CREATE INDEX [IF NOT EXISTS] i ON t (cols) ... and DROP INDEX [IF EXISTS] i ON t: Doris analyses both into
    /// an ALTER TABLE with one index clause, so they share its execution and binlogs.
    /// </summary>
    private AlterTableStmt ParseIndexStatementRest(bool create)
    {
        var start = Peek().Start;
        var ifCond = create ? AcceptKeywords("IF", "NOT", "EXISTS") : AcceptKeywords("IF", "EXISTS");
        var indexName = ParseIdentifier();
        ExpectKeyword("ON");
        var table = ParseTableName();
        AlterClause clause = create
            ? new AddIndexClause(ParseIndexDefRest(indexName), ifCond)
            : new DropIndexClause(indexName, ifCond);
        return new AlterTableStmt(table, [clause with { Text = _sql[start.._tokens[_pos - 1].End] }]);
    }

    /// <summary>BUILD INDEX i ON t [PARTITION (p, ...)].</summary>
    private BuildIndexStmt ParseBuildIndex()
    {
        ExpectKeyword("BUILD");
        ExpectKeyword("INDEX");
        var indexName = ParseIdentifier();
        ExpectKeyword("ON");
        var table = ParseTableName();
        var partitions = new List<string>();
        if (AcceptKeyword("PARTITION") || AcceptKeyword("PARTITIONS"))
        {
            partitions = ParseIdentifierListMaybeParenthesized();
        }

        return new BuildIndexStmt(table, indexName, partitions);
    }

    private AlterClause ParseAlterClause()
    {
        if (AcceptKeyword("ADD"))
        {
            if (AcceptKeyword("COLUMN"))
            {
                if (AcceptSymbol("("))
                {
                    var cols = new List<ColumnDef>();
                    do
                    {
                        cols.Add(ParseColumnDef());
                    }
                    while (AcceptSymbol(","));

                    ExpectSymbol(")");
                    return new AddColumnsClause(cols, null, false);
                }

                var col = ParseColumnDef();
                var (after, first) = ParseColumnPosition();
                return new AddColumnsClause([col], after, first);
            }

            if (AcceptKeyword("ROLLUP"))
            {
                var rollup = ParseIdentifier();
                ExpectSymbol("(");
                var rollupColumns = new List<string>();
                do
                {
                    rollupColumns.Add(ParseIdentifier());
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
                if (AcceptKeyword("FROM"))
                {
                    ParseIdentifier();
                }

                return new AddRollupClause(rollup, rollupColumns, PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : []);
            }

            if (AcceptKeyword("INDEX"))
            {
                var indexIfNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
                return new AddIndexClause(ParseIndexDefRest(ParseIdentifier()), indexIfNotExists);
            }

            var temp = AcceptKeyword("TEMPORARY");
            if (PeekKeyword("PARTITION"))
            {
                var partition = ParseSinglePartition();
                var distribution = PeekKeyword("DISTRIBUTED") ? ParseDistribution() : null;
                return new AddPartitionClause(partition, distribution, temp);
            }

            throw Error("COLUMN or PARTITION");
        }

        if (AcceptKeyword("DROP"))
        {
            if (AcceptKeyword("COLUMN"))
            {
                return new DropColumnClause(ParseIdentifier());
            }

            if (AcceptKeyword("ROLLUP"))
            {
                return new DropRollupClause(ParseIdentifier());
            }

            if (AcceptKeyword("INDEX"))
            {
                var indexIfExists = AcceptKeywords("IF", "EXISTS");
                return new DropIndexClause(ParseIdentifier(), indexIfExists);
            }

            var temp = AcceptKeyword("TEMPORARY");
            ExpectKeyword("PARTITION");
            var ifExists = AcceptKeywords("IF", "EXISTS");
            var name = ParseIdentifier();
            return new DropPartitionClause(name, ifExists, temp, AcceptKeyword("FORCE"));
        }

        if (AcceptKeyword("MODIFY"))
        {
            if (AcceptKeyword("COMMENT"))
            {
                return new ModifyTableCommentClause(ParseString());
            }

            if (AcceptKeyword("DISTRIBUTION"))
            {
                return new ModifyDistributionClause(ParseDistribution());
            }

            var tempPartition = AcceptKeyword("TEMPORARY");
            if (AcceptKeyword("PARTITION"))
            {
                var names = new List<string>();
                var all = false;
                if (AcceptSymbol("("))
                {
                    if (AcceptSymbol("*"))
                    {
                        all = true;
                    }
                    else
                    {
                        do
                        {
                            names.Add(ParseIdentifier());
                        }
                        while (AcceptSymbol(","));
                    }

                    ExpectSymbol(")");
                }
                else
                {
                    names.Add(ParseIdentifier());
                }

                ExpectKeyword("SET");
                return new ModifyPartitionClause(names, all, tempPartition, ParsePropertyList());
            }

            ExpectKeyword("COLUMN");
            if (PeekKeyword("COMMENT", 1))
            {
                var column = ParseIdentifier();
                ExpectKeyword("COMMENT");
                return new ModifyColumnCommentClause(column, ParseString());
            }

            var col = ParseColumnDef();
            var (after, first) = ParseColumnPosition();
            return new ModifyColumnClause(col, after, first);
        }

        if (AcceptKeyword("RENAME"))
        {
            if (AcceptKeyword("COLUMN"))
            {
                var oldName = ParseIdentifier();
                AcceptKeyword("TO");
                return new RenameColumnClause(oldName, ParseIdentifier());
            }

            if (AcceptKeyword("PARTITION"))
            {
                var oldName = ParseIdentifier();
                AcceptKeyword("TO");
                return new RenamePartitionClause(oldName, ParseIdentifier());
            }

            if (AcceptKeyword("ROLLUP"))
            {
                var oldRollup = ParseIdentifier();
                return new RenameRollupClause(oldRollup, ParseIdentifier());
            }

            AcceptKeyword("TO");
            return new RenameTableClause(ParseIdentifier());
        }

        if (AcceptKeyword("SET"))
        {
            return new SetPropertiesClause(ParsePropertyList());
        }

        if (AcceptKeyword("REPLACE"))
        {
            if (AcceptKeyword("WITH"))
            {
                ExpectKeyword("TABLE");
                var other = ParseIdentifier();
                var props = PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : [];
                return new ReplaceTableClause(other, props, AcceptKeyword("FORCE"));
            }

            ExpectKeyword("PARTITION");
            var partitions = ParseIdentifierList();
            ExpectKeyword("WITH");
            ExpectKeyword("TEMPORARY");
            ExpectKeyword("PARTITION");
            var temps = ParseIdentifierList();
            var properties = PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : [];
            return new ReplacePartitionClause(partitions, temps, properties);
        }

        throw Error("an ALTER TABLE clause");
    }

    private (string? After, bool First) ParseColumnPosition()
    {
        if (AcceptKeyword("FIRST"))
        {
            return (null, true);
        }

        if (AcceptKeyword("AFTER"))
        {
            return (ParseIdentifier(), false);
        }

        if (AcceptKeyword("TO"))
        {
            // ADD COLUMN ... TO rollup: rollups are not emulated.
            throw DorisErrors.Generic("minidoris does not support rollups");
        }

        return (null, false);
    }
}
