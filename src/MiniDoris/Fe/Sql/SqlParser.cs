using System.Globalization;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Sql;

/// <summary>
/// Recursive-descent parser for the subset of Doris SQL minidoris executes. Queries, predicates and
/// expressions are kept as token fragments and evaluated later by SQLite after translation.
/// The parser is split by statement family over several files.
/// </summary>
public sealed partial class SqlParser
{
    private readonly string _sql;
    private readonly List<SqlToken> _tokens;
    private int _pos;

    private SqlParser(string sql)
    {
        _sql = sql;
        _tokens = SqlTokenizer.Tokenize(sql);
    }

    /// <summary>Parses every statement of <paramref name="sql"/> (separated by semicolons).</summary>
    public static List<SqlStatement> Parse(string sql)
    {
        var parser = new SqlParser(sql);
        var statements = new List<SqlStatement>();
        while (true)
        {
            while (parser.AcceptSymbol(";"))
            {
            }

            if (parser.Peek().Kind == SqlTokenKind.End)
            {
                return statements;
            }

            var start = parser.Peek().Start;
            var statement = parser.ParseStatement();
            var end = parser._pos > 0 ? parser._tokens[parser._pos - 1].End : start;
            if (!parser.Peek().IsSymbol(";") && parser.Peek().Kind != SqlTokenKind.End)
            {
                throw parser.Error("end of statement");
            }

            statements.Add(statement with { Text = sql[start..end] });
        }
    }

    /// <summary>Parses exactly one statement.</summary>
    public static SqlStatement ParseOne(string sql)
    {
        var all = Parse(sql);
        return all.Count switch
        {
            1 => all[0],
            0 => throw DorisErrors.Syntax(sql, 0, "Encountered: <EOF>"),
            _ => throw DorisErrors.Generic("Only one statement is supported here"),
        };
    }

    private SqlStatement ParseStatement()
    {
        var t = Peek();
        if (t.IsSymbol("(") || t.IsKeyword("SELECT") || t.IsKeyword("WITH"))
        {
            return new SelectStmt(CaptureUntilEnd());
        }

        if (t.Kind != SqlTokenKind.Word)
        {
            throw Error("a statement");
        }

        switch (t.Text.ToUpperInvariant())
        {
            case "CREATE": return ParseCreate();
            case "DROP": return ParseDrop();
            case "ALTER": return ParseAlter();
            case "USE":
                Next();
                return new UseStmt(ParseIdentifier());
            case "INSERT": return ParseInsert();
            case "DELETE": return ParseDelete();
            case "TRUNCATE": return ParseTruncate();
            case "SHOW": return ParseShow();
            case "DESC":
            case "DESCRIBE":
                Next();
                var table = ParseTableName();
                return new ShowColumnsStmt(table, false, true, AcceptKeyword("ALL"));
            case "ADMIN": return ParseAdmin();
            case "SET": return ParseSet();
            case "GRANT": return ParseGrant();
            case "BACKUP":
            case "RESTORE": return ParseBackupOrRestore();
            case "CANCEL": return ParseCancel();
            case "BUILD": return ParseBuildIndex();
            case "RECOVER": return ParseRecover();
            default: throw Error("a statement");
        }
    }

    private SqlStatement ParseCreate()
    {
        ExpectKeyword("CREATE");
        if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA"))
        {
            var ifNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
            var name = ParseIdentifier();
            var props = PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : [];
            return new CreateDatabaseStmt(name, ifNotExists, props);
        }

        if (PeekKeyword("TABLE"))
        {
            return ParseCreateTable();
        }

        if (AcceptKeyword("USER"))
        {
            var ifNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
            var (user, host) = ParseUserIdentity();
            string? password = null;
            if (AcceptKeyword("IDENTIFIED"))
            {
                ExpectKeyword("BY");
                AcceptKeyword("PASSWORD");
                password = ParseString();
            }

            while (Peek().Kind != SqlTokenKind.End && !Peek().IsSymbol(";"))
            {
                // DEFAULT ROLE, PASSWORD_EXPIRE ... are accepted and ignored.
                Next();
            }

            return new CreateUserStmt(user, host, password, ifNotExists);
        }

        if (AcceptKeyword("INDEX"))
        {
            return ParseIndexStatementRest(create: true);
        }

        var orReplace = AcceptKeywords("OR", "REPLACE");
        if (AcceptKeyword("VIEW"))
        {
            return ParseCreateViewRest(orReplace);
        }

        throw Error("DATABASE, TABLE, VIEW or USER");
    }

    private SqlStatement ParseCreateViewRest(bool orReplace)
    {
        var ifNotExists = AcceptKeywords("IF", "NOT", "EXISTS");
        var name = ParseTableName();
        var columns = ParseViewColumns();

        string? comment = null;
        if (AcceptKeyword("COMMENT"))
        {
            comment = ParseString();
        }

        ExpectKeyword("AS");
        return new CreateViewStmt(name, ifNotExists, orReplace, columns, comment, CaptureUntilEnd());
    }

    /// <summary>A view's optional column list <c>(c [COMMENT 'x'], ...)</c>; the column comments are not kept.</summary>
    private List<string>? ParseViewColumns()
    {
        if (!AcceptSymbol("("))
        {
            return null;
        }

        List<string> columns = [];
        do
        {
            columns.Add(ParseIdentifier());
            if (AcceptKeyword("COMMENT"))
            {
                ParseString();
            }
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return columns;
    }

    /// <summary>ALTER VIEW v [(c [COMMENT 'x'], ...)] AS query (Doris's AlterViewStmt).</summary>
    private SqlStatement ParseAlterViewRest()
    {
        var name = ParseTableName();
        var columns = ParseViewColumns();

        ExpectKeyword("AS");
        return new AlterViewStmt(name, columns, CaptureUntilEnd());
    }

    private RecoverStmt ParseRecover()
    {
        ExpectKeyword("RECOVER");
        if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA"))
        {
            var db = ParseIdentifier();
            return new RecoverStmt("DATABASE", new TableName(null, db), null, AcceptKeyword("AS") ? ParseIdentifier() : null);
        }

        if (AcceptKeyword("TABLE"))
        {
            var table = ParseTableName();
            return new RecoverStmt("TABLE", table, null, AcceptKeyword("AS") ? ParseIdentifier() : null);
        }

        ExpectKeyword("PARTITION");
        var partition = ParseIdentifier();
        var newName = AcceptKeyword("AS") ? ParseIdentifier() : null;
        ExpectKeyword("FROM");
        return new RecoverStmt("PARTITION", ParseTableName(), partition, newName);
    }

    private SqlStatement ParseDrop()
    {
        ExpectKeyword("DROP");
        if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA"))
        {
            var ifExists = AcceptKeywords("IF", "EXISTS");
            var name = ParseIdentifier();
            return new DropDatabaseStmt(name, ifExists, AcceptKeyword("FORCE"));
        }

        if (AcceptKeyword("TABLE") || PeekKeyword("VIEW"))
        {
            var isView = AcceptKeyword("VIEW");
            var ifExists = AcceptKeywords("IF", "EXISTS");
            var name = ParseTableName();
            return new DropTableStmt(name, ifExists, AcceptKeyword("FORCE"), isView);
        }

        if (AcceptKeyword("INDEX"))
        {
            return ParseIndexStatementRest(create: false);
        }

        if (AcceptKeyword("USER"))
        {
            var ifExists = AcceptKeywords("IF", "EXISTS");
            var (user, _) = ParseUserIdentity();
            return new DropUserStmt(user, ifExists);
        }

        throw Error("DATABASE, TABLE, VIEW or USER");
    }

    private SqlStatement ParseAlter()
    {
        ExpectKeyword("ALTER");
        if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA"))
        {
            var name = ParseIdentifier();
            ExpectKeyword("SET");
            ExpectKeyword("PROPERTIES");
            return new AlterDatabasePropertiesStmt(name, ParsePropertyList());
        }

        if (AcceptKeyword("TABLE"))
        {
            return ParseAlterTableRest();
        }

        if (AcceptKeyword("VIEW"))
        {
            return ParseAlterViewRest();
        }

        throw Error("DATABASE, TABLE or VIEW");
    }

    private SqlStatement ParseTruncate()
    {
        ExpectKeyword("TRUNCATE");
        AcceptKeyword("TABLE");
        var name = ParseTableName();
        var partitions = new List<string>();
        if (AcceptKeyword("PARTITION") || AcceptKeyword("PARTITIONS"))
        {
            partitions = ParseIdentifierListMaybeParenthesized();
        }

        return new TruncateTableStmt(name, partitions);
    }

    private SqlStatement ParseAdmin()
    {
        ExpectKeyword("ADMIN");
        if (AcceptKeyword("SHOW"))
        {
            ExpectKeyword("FRONTEND");
            ExpectKeyword("CONFIG");
            return new ShowFrontendConfigStmt(ParseOptionalLike(), true);
        }

        ExpectKeyword("SET");
        AcceptKeyword("ALL");
        if (!AcceptKeyword("FRONTEND") && !AcceptKeyword("FRONTENDS"))
        {
            throw Error("FRONTEND");
        }

        ExpectKeyword("CONFIG");
        var configs = ParsePropertyList();
        return new AdminSetFrontendConfigStmt(configs);
    }

    private SqlStatement ParseSet()
    {
        ExpectKeyword("SET");
        var assignments = new List<KeyValuePair<string, string>>();
        do
        {
            if (AcceptKeyword("NAMES"))
            {
                var charset = Next().Text;
                if (AcceptKeyword("COLLATE"))
                {
                    Next();
                }

                assignments.Add(new("names", charset));
                continue;
            }

            if (AcceptKeyword("PASSWORD"))
            {
                // SET PASSWORD [FOR user] = PASSWORD('x') is accepted as a no-op on the current session.
                while (Peek().Kind != SqlTokenKind.End && !Peek().IsSymbol(";"))
                {
                    Next();
                }

                break;
            }

            AcceptKeyword("SESSION");
            AcceptKeyword("GLOBAL");
            var nameToken = Next();
            var name = nameToken.Text.TrimStart('@');
            if (name.StartsWith("session.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("global.", StringComparison.OrdinalIgnoreCase))
            {
                name = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
            }

            if (!AcceptSymbol("=") && !AcceptSymbol(":="))
            {
                throw Error("=");
            }

            var valueStart = _pos;
            var depth = 0;
            while (true)
            {
                var p = Peek();
                if (p.Kind == SqlTokenKind.End || p.IsSymbol(";") || (depth == 0 && p.IsSymbol(",")))
                {
                    break;
                }

                depth += p.IsSymbol("(") ? 1 : p.IsSymbol(")") ? -1 : 0;
                Next();
            }

            var valueTokens = _tokens.GetRange(valueStart, _pos - valueStart);
            var value = valueTokens.Count == 1 ? valueTokens[0].Text : string.Join(" ", valueTokens.Select(v => v.Text));
            assignments.Add(new(name.ToLowerInvariant(), value));
        }
        while (AcceptSymbol(","));

        return new SetStmt(assignments);
    }

    private SqlStatement ParseGrant()
    {
        ExpectKeyword("GRANT");
        var privileges = new List<string>();
        do
        {
            var word = Next().Text.ToUpperInvariant();
            if (word == "ALL")
            {
                AcceptKeyword("PRIVILEGES");
            }

            privileges.Add(word);
        }
        while (AcceptSymbol(","));

        ExpectKeyword("ON");
        var db = "*";
        var table = "*";
        var first = AcceptSymbol("*") ? "*" : ParseIdentifier();
        if (AcceptSymbol("."))
        {
            db = first;
            table = AcceptSymbol("*") ? "*" : ParseIdentifier();
            if (AcceptSymbol("."))
            {
                // catalog.db.table
                db = table;
                table = AcceptSymbol("*") ? "*" : ParseIdentifier();
            }
        }
        else
        {
            db = first;
        }

        ExpectKeyword("TO");
        var (user, _) = ParseUserIdentity();
        return new GrantStmt(privileges, db, table, user);
    }

    private (string User, string Host) ParseUserIdentity()
    {
        var user = Peek().Kind == SqlTokenKind.String ? ParseString() : ParseIdentifier();
        var host = "%";
        if (Peek().Kind == SqlTokenKind.Variable && Peek().Text.StartsWith('@'))
        {
            // 'u'@'h' tokenizes the @ as a variable token: bare "@" before a quoted host, "@h" before an unquoted one.
            var at = Next().Text.TrimStart('@');
            host = at.Length > 0 ? at : Peek().Kind == SqlTokenKind.String ? ParseString() : ParseIdentifier();
        }
        else if (AcceptSymbol("@"))
        {
            host = Peek().Kind == SqlTokenKind.String ? ParseString() : ParseIdentifier();
        }

        return (user, host);
    }

    // ---- token helpers ----

    private SqlToken Peek(int offset = 0) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private SqlToken Next()
    {
        var t = Peek();
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return t;
    }

    private bool PeekKeyword(string keyword, int offset = 0) => Peek(offset).IsKeyword(keyword);

    private bool AcceptKeyword(string keyword)
    {
        if (!PeekKeyword(keyword))
        {
            return false;
        }

        Next();
        return true;
    }

    /// <summary>Consumes the keyword sequence only when all of it is present.</summary>
    private bool AcceptKeywords(params string[] keywords)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            if (!PeekKeyword(keywords[i], i))
            {
                return false;
            }
        }

        _pos += keywords.Length;
        return true;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Error(keyword);
        }
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Peek().IsSymbol(symbol))
        {
            return false;
        }

        Next();
        return true;
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw Error("'" + symbol + "'");
        }
    }

    private string ParseIdentifier()
    {
        var t = Peek();
        if (!t.IsIdentifier)
        {
            throw Error("an identifier");
        }

        Next();
        return t.Text;
    }

    private TableName ParseTableName()
    {
        var first = ParseIdentifier();
        if (!AcceptSymbol("."))
        {
            return new TableName(null, first);
        }

        var second = ParseIdentifier();
        if (AcceptSymbol("."))
        {
            // catalog.db.table: only the internal catalog exists.
            return new TableName(second, ParseIdentifier());
        }

        return new TableName(first, second);
    }

    private string ParseString()
    {
        var t = Peek();
        if (t.Kind != SqlTokenKind.String)
        {
            throw Error("a string literal");
        }

        Next();
        return t.Text;
    }

    private long ParseLong()
    {
        var negative = AcceptSymbol("-");
        var t = Peek();
        if (t.Kind != SqlTokenKind.Number || !long.TryParse(t.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw Error("an integer");
        }

        Next();
        return negative ? -v : v;
    }

    private int ParseInt() => checked((int)ParseLong());

    private string? ParseOptionalLike() => AcceptKeyword("LIKE") ? ParseString() : null;

    /// <summary>Parses <c>PROPERTIES ("k" = "v", ...)</c>.</summary>
    private List<KeyValuePair<string, string>> ParsePropertiesClause()
    {
        ExpectKeyword("PROPERTIES");
        return ParsePropertyList();
    }

    /// <summary>Parses <c>("k" = "v", ...)</c>; an empty list <c>()</c> is allowed.</summary>
    private List<KeyValuePair<string, string>> ParsePropertyList()
    {
        ExpectSymbol("(");
        var list = new List<KeyValuePair<string, string>>();
        if (AcceptSymbol(")"))
        {
            return list;
        }

        do
        {
            var key = Peek().Kind == SqlTokenKind.String ? ParseString() : ParseIdentifier();
            ExpectSymbol("=");
            var value = Peek().Kind == SqlTokenKind.String ? ParseString() : Next().Text;
            list.Add(new(key, value));
        }
        while (AcceptSymbol(","));

        ExpectSymbol(")");
        return list;
    }

    private List<string> ParseIdentifierList()
    {
        ExpectSymbol("(");
        var list = new List<string>();
        do
        {
            list.Add(ParseIdentifier());
        }
        while (AcceptSymbol(","));

        ExpectSymbol(")");
        return list;
    }

    private List<string> ParseIdentifierListMaybeParenthesized()
    {
        if (Peek().IsSymbol("("))
        {
            return ParseIdentifierList();
        }

        var list = new List<string>();
        do
        {
            list.Add(ParseIdentifier());
        }
        while (AcceptSymbol(","));

        return list;
    }

    /// <summary>Takes every remaining token of the statement (up to a top-level semicolon) as a fragment.</summary>
    private SqlFragment CaptureUntilEnd() => Capture(stopAtTopLevelSeparator: false);

    /// <summary>Takes one expression: tokens up to a top-level comma or closing parenthesis.</summary>
    private SqlFragment CaptureExpression() => Capture(stopAtTopLevelSeparator: true);

    private SqlFragment Capture(bool stopAtTopLevelSeparator)
    {
        var start = _pos;
        var depth = 0;
        while (true)
        {
            var t = Peek();
            if (t.Kind == SqlTokenKind.End
                || (t.IsSymbol(";") && (depth == 0 || stopAtTopLevelSeparator))
                || (stopAtTopLevelSeparator && depth == 0 && (t.IsSymbol(",") || t.IsSymbol(")"))))
            {
                break;
            }

            depth += t.IsSymbol("(") ? 1 : t.IsSymbol(")") ? -1 : 0;
            Next();
        }

        if (_pos == start)
        {
            throw Error("an expression");
        }

        var tokens = _tokens.GetRange(start, _pos - start);
        return new SqlFragment(tokens, _sql[tokens[0].Start..tokens[^1].End]);
    }

    private DorisException Error(string expected)
    {
        var t = Peek();
        var encountered = t.Kind == SqlTokenKind.End ? "<EOF>" : t.Text;
        return DorisErrors.Syntax(_sql, t.Start, $"Encountered: {encountered}\nExpected: {expected}");
    }
}
