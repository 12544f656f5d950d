using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Sql;

/// <summary>SHOW statements.</summary>
public sealed partial class SqlParser
{
    private SqlStatement ParseShow()
    {
        ExpectKeyword("SHOW");
        if (AcceptKeyword("DATABASES") || AcceptKeyword("SCHEMAS"))
        {
            return new ShowDatabasesStmt(ParseOptionalLike());
        }

        var full = AcceptKeyword("FULL");
        if (AcceptKeyword("TABLES"))
        {
            var db = AcceptKeyword("FROM") || AcceptKeyword("IN") ? ParseIdentifier() : null;
            return new ShowTablesStmt(db, ParseOptionalLike(), full);
        }

        if (AcceptKeyword("COLUMNS") || AcceptKeyword("FIELDS"))
        {
            if (!AcceptKeyword("FROM") && !AcceptKeyword("IN"))
            {
                throw Error("FROM");
            }

            var table = ParseTableName();
            if (AcceptKeyword("FROM") || AcceptKeyword("IN"))
            {
                table = new TableName(ParseIdentifier(), table.Name);
            }

            return new ShowColumnsStmt(table, full, false, false);
        }

        if (full)
        {
            throw Error("TABLES or COLUMNS");
        }

        if (PeekKeyword("TABLE") && Peek(1).Kind == SqlTokenKind.Number)
        {
            Next();
            return new ShowTableIdStmt(ParseLong());
        }

        if (AcceptKeyword("CREATE"))
        {
            if (AcceptKeyword("DATABASE") || AcceptKeyword("SCHEMA"))
            {
                return new ShowCreateDatabaseStmt(ParseIdentifier());
            }

            if (AcceptKeyword("VIEW"))
            {
                return new ShowCreateTableStmt(ParseTableName(), true);
            }

            AcceptKeyword("MATERIALIZED");
            ExpectKeyword("TABLE");
            return new ShowCreateTableStmt(ParseTableName(), false);
        }

        var temporary = AcceptKeyword("TEMPORARY");
        if (AcceptKeyword("PARTITIONS"))
        {
            ExpectKeyword("FROM");
            return new ShowPartitionsStmt(ParseTableName(), temporary);
        }

        if (temporary)
        {
            throw Error("PARTITIONS");
        }

        if (AcceptKeyword("PROC"))
        {
            return new ShowProcStmt(ParseString());
        }

        if (AcceptKeyword("BACKUP"))
        {
            return ParseShowBackupRest(false);
        }

        if (AcceptKeyword("RESTORE"))
        {
            return ParseShowBackupRest(true);
        }

        if (AcceptKeyword("BACKENDS"))
        {
            return new ShowBackendsStmt();
        }

        if (AcceptKeyword("FRONTENDS"))
        {
            return new ShowFrontendsStmt();
        }

        // SHOW [ALL] GRANTS [FOR user_identity]
        var allGrants = PeekKeyword("ALL") && Peek(1).Text.Equals("GRANTS", StringComparison.OrdinalIgnoreCase) && AcceptKeyword("ALL");
        if (AcceptKeyword("GRANTS"))
        {
            string? forUser = null;
            if (!allGrants && AcceptKeyword("FOR"))
            {
                (forUser, _) = ParseUserIdentity();
            }

            return new ShowGrantsStmt(allGrants, forUser);
        }

        if (AcceptKeyword("FRONTEND"))
        {
            ExpectKeyword("CONFIG");
            return new ShowFrontendConfigStmt(ParseOptionalLike(), false);
        }

        if (AcceptKeyword("TRANSACTION"))
        {
            var db = AcceptKeyword("FROM") || AcceptKeyword("IN") ? ParseIdentifier() : null;
            ExpectKeyword("WHERE");
            var key = ParseIdentifier();
            ExpectSymbol("=");
            if (key.Equals("id", StringComparison.OrdinalIgnoreCase))
            {
                return new ShowTransactionStmt(db, ParseLong(), null);
            }

            if (key.Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                return new ShowTransactionStmt(db, null, ParseString());
            }

            throw DorisErrors.Generic("Where clause should looks like one of them: id = 123 or label = 'label'");
        }

        if (AcceptKeyword("INDEX") || AcceptKeyword("INDEXES") || AcceptKeyword("KEYS"))
        {
            if (!AcceptKeyword("FROM") && !AcceptKeyword("IN"))
            {
                throw Error("FROM");
            }

            var table = ParseTableName();
            if (AcceptKeyword("FROM") || AcceptKeyword("IN"))
            {
                table = new TableName(ParseIdentifier(), table.Name);
            }

            return new ShowIndexesStmt(table);
        }

        AcceptKeyword("GLOBAL");
        AcceptKeyword("SESSION");
        if (AcceptKeyword("VARIABLES"))
        {
            string? like = null;
            if (AcceptKeyword("LIKE"))
            {
                like = ParseString();
            }
            else if (AcceptKeyword("WHERE"))
            {
                // WHERE Variable_name = 'x' / IN (...): only the simple equality form is understood.
                ParseIdentifier();
                if (AcceptSymbol("="))
                {
                    like = ParseString();
                }
                else
                {
                    CaptureUntilEnd();
                }
            }

            return new ShowVariablesStmt(like);
        }

        if (AcceptKeyword("ALTER"))
        {
            ExpectKeyword("TABLE");
            ExpectKeyword("COLUMN");
            var db = AcceptKeyword("FROM") || AcceptKeyword("IN") ? ParseIdentifier() : null;
            return new ShowAlterTableStmt(db);
        }

        if (AcceptKeyword("WARNINGS") || AcceptKeyword("ERRORS"))
        {
            if (AcceptKeyword("LIMIT"))
            {
                ParseLong();
            }

            return new ShowWarningsStmt();
        }

        throw Error("a SHOW target");
    }
}
