namespace MiniDoris.Fe.Catalog;

/// <summary>
/// Doris's name rules (FeNameFormat with unicode names enabled): databases, tables and partitions start with a
/// letter or underscore and continue with letters, digits, '-' and '_' (64 chars at most); column names may use
/// more characters but never a backquote.
/// </summary>
public static class NameValidator
{
    private const string CommonRegex = "^[a-zA-Z_\\p{L}][a-zA-Z0-9\\-_\\p{L}]{0,63}$";
    private const string ColumnRegex = "^[_a-zA-Z@0-9\\s/\\p{L}][.a-zA-Z0-9_+-/?@#$%^&*\"\\s,:\\p{L}]{0,255}$";

    public static void CheckDatabaseName(string name)
    {
        if (!IsCommonName(name))
        {
            throw new DorisException(1102, "42000", DorisErrors.Prefix + $"Incorrect database name '{name}'");
        }
    }

    public static void CheckTableName(string name)
    {
        if (!IsCommonName(name))
        {
            throw new DorisException(1103, "42000", DorisErrors.Prefix + $"Incorrect table name '{name}'. Table name regex is '{CommonRegex}'");
        }
    }

    public static void CheckPartitionName(string name)
    {
        if (!IsCommonName(name))
        {
            throw DorisErrors.Generic($"Incorrect partition name '{name}'. Partition name regex is '{CommonRegex}'");
        }
    }

    public static void CheckColumnName(string name)
    {
        if (name.Length == 0 || name.Length > 256 || name.Contains('`', StringComparison.Ordinal) || char.IsWhiteSpace(name[0]))
        {
            throw new DorisException(1166, "42000", DorisErrors.Prefix + $"Incorrect column name '{name}'. Column regex is '{ColumnRegex}'");
        }
    }

    private static bool IsCommonName(string name)
    {
        if (name.Length == 0 || name.Length > 64)
        {
            return false;
        }

        var first = name[0];
        if (!(char.IsLetter(first) || first == '_'))
        {
            return false;
        }

        return name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-');
    }
}
