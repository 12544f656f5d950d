using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Sql;

/// <summary>BACKUP, RESTORE, SHOW BACKUP/RESTORE and CANCEL BACKUP/RESTORE.</summary>
public sealed partial class SqlParser
{
    private SqlStatement ParseBackupOrRestore()
    {
        var restore = AcceptKeyword("RESTORE");
        if (!restore)
        {
            ExpectKeyword("BACKUP");
        }

        ExpectKeyword("SNAPSHOT");
        var name = ParseTableName();
        ExpectKeyword(restore ? "FROM" : "TO");
        var repo = ParseIdentifier();
        List<BackupTableRefSyntax>? refs = null;
        var exclude = false;
        if (AcceptKeyword("ON") || (exclude = AcceptKeyword("EXCLUDE")))
        {
            refs = [];
            ExpectSymbol("(");
            do
            {
                var table = ParseIdentifier();
                List<string>? partitions = null;
                var temp = AcceptKeyword("TEMPORARY");
                if (AcceptKeyword("PARTITION") || AcceptKeyword("PARTITIONS"))
                {
                    partitions = ParseIdentifierList();
                }

                string? alias = null;
                if (AcceptKeyword("AS"))
                {
                    alias = ParseIdentifier();
                }

                refs.Add(new BackupTableRefSyntax(table, partitions, temp, alias));
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
        }

        var properties = PeekKeyword("PROPERTIES") ? ParsePropertiesClause() : [];
        return restore
            ? new RestoreStmt(name.Db, name.Name, repo)
            : new BackupStmt(name.Db, name.Name, repo, refs, exclude, properties);
    }

    private SqlStatement ParseShowBackupRest(bool restore)
    {
        var db = AcceptKeyword("FROM") || AcceptKeyword("IN") ? ParseIdentifier() : null;
        string? equals = null;
        string? like = null;
        if (AcceptKeyword("WHERE"))
        {
            var column = ParseIdentifier();
            var expected = restore ? "Label" : "SnapshotName";
            if (!column.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                throw DorisErrors.Generic($"Where clause should looks like: {expected} = \"your_{(restore ? "label" : "snapshot_name")}\", or {expected} LIKE \"matcher\"");
            }

            if (AcceptSymbol("="))
            {
                equals = ParseString();
            }
            else
            {
                ExpectKeyword("LIKE");
                like = ParseString();
            }
        }

        return new ShowBackupStmt(restore, db, equals, like);
    }

    private SqlStatement ParseCancel()
    {
        ExpectKeyword("CANCEL");
        var restore = AcceptKeyword("RESTORE");
        if (!restore)
        {
            ExpectKeyword("BACKUP");
        }

        var db = AcceptKeyword("FROM") || AcceptKeyword("IN") ? ParseIdentifier() : null;
        return new CancelBackupStmt(restore, db);
    }
}
