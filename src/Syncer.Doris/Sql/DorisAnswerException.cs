namespace Syncer.Doris.Sql;

/// <summary>An FE answered a statement in a shape the syncer cannot read (a column missing, a number that is not one).</summary>
public sealed class DorisAnswerException(string detail) : Exception($"unexpected answer: {detail}");
