using MiniDoris.Fe.Sql;

namespace MiniDoris.Fe.Qe;

/// <summary>Name resolution for translating a session's queries.</summary>
internal sealed class QueryScope : ITranslationScope
{
    private readonly ClusterState _state;
    private readonly SessionContext _session;

    public QueryScope(ClusterState state, SessionContext session, string? currentDb)
    {
        _state = state;
        _session = session;
        CurrentDb = currentDb;
    }

    public string? CurrentDb { get; }

    public bool IsDatabase(string name) => _state.FindDb(name) is not null;

    public bool IsTable(string db, string name) => _state.FindDb(db)?.FindTable(name) is not null;

    public object? SystemVariable(string name) => SessionVariables.Get(_session, name);
}
