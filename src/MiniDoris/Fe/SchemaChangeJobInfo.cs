namespace MiniDoris.Fe;

/// <summary>A finished or running schema change job, as SHOW ALTER TABLE COLUMN lists it.</summary>
public sealed class SchemaChangeJobInfo
{
    public long JobId { get; set; }

    public long DbId { get; set; }

    public string TableName { get; set; } = string.Empty;

    public long CreateTime { get; set; }

    public long FinishTime { get; set; }

    public string IndexName { get; set; } = string.Empty;

    public long IndexId { get; set; }

    public long OriginIndexId { get; set; }

    public string State { get; set; } = "PENDING";

    public string Msg { get; set; } = string.Empty;

    public long TimeoutSeconds { get; set; } = 2592000;
}
