namespace Syncer.Doris.Thrift;

/// <summary>Thrift method names as sent in the message envelope (no service prefix: Doris does not multiplex).</summary>
public static class DorisMethods
{
    public const string BeginTxn = "beginTxn";
    public const string CommitTxn = "commitTxn";
    public const string RollbackTxn = "rollbackTxn";
    public const string GetBinlog = "getBinlog";
    public const string GetBinlogLag = "getBinlogLag";
    public const string GetSnapshot = "getSnapshot";
    public const string RestoreSnapshot = "restoreSnapshot";
    public const string GetMasterToken = "getMasterToken";
    public const string GetMeta = "getMeta";
    public const string GetBackendMeta = "getBackendMeta";
    public const string IngestBinlog = "ingest_binlog";
    public const string QueryIngestBinlog = "query_ingest_binlog";
}
