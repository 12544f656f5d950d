namespace MiniDoris.Fe.Sql;

/// <summary>What the SQLite translator needs to know about names: the current database and which objects exist.</summary>
public interface ITranslationScope
{
    /// <summary>The session's current database, or null.</summary>
    string? CurrentDb { get; }

    bool IsDatabase(string name);

    /// <summary>True when <paramref name="name"/> is a table or view of database <paramref name="db"/>.</summary>
    bool IsTable(string db, string name);

    /// <summary>The value of a system variable (<c>@@name</c>), or null when unknown.</summary>
    object? SystemVariable(string name);
}
