namespace Syncer.Doris.Sql;

/// <summary>An FE as listed by the <c>frontends()</c> table function; ports as the text Doris returns.</summary>
public sealed record DorisFrontend(string Host, string QueryPort, string RpcPort, bool IsMaster);
