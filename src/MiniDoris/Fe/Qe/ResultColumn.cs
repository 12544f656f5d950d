namespace MiniDoris.Fe.Qe;

/// <summary>A result-set column: name, type and (for decimals/datetimes) the number of fractional digits.</summary>
public sealed record ResultColumn(string Name, ResultColumnType Type = ResultColumnType.Varchar, int Decimals = 0, int Length = 0);
