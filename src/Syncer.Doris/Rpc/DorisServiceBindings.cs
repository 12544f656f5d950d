using Syncer.Doris.Thrift;
using Syncer.Wire.Thrift.Server;

namespace Syncer.Doris.Rpc;

/// <summary>Registers an implementation of a Doris service on a <see cref="ThriftProcessor"/> under Doris's method names.</summary>
public static class DorisServiceBindings
{
    public static ThriftProcessor AddFrontendService(this ThriftProcessor processor, IFrontendService service)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(service);
        return processor
            .Register<TBeginTxnRequest, TBeginTxnResult>(DorisMethods.BeginTxn, service.BeginTxnAsync)
            .Register<TCommitTxnRequest, TCommitTxnResult>(DorisMethods.CommitTxn, service.CommitTxnAsync)
            .Register<TRollbackTxnRequest, TRollbackTxnResult>(DorisMethods.RollbackTxn, service.RollbackTxnAsync)
            .Register<TGetBinlogRequest, TGetBinlogResult>(DorisMethods.GetBinlog, service.GetBinlogAsync)
            .Register<TGetBinlogRequest, TGetBinlogLagResult>(DorisMethods.GetBinlogLag, service.GetBinlogLagAsync)
            .Register<TGetSnapshotRequest, TGetSnapshotResult>(DorisMethods.GetSnapshot, service.GetSnapshotAsync)
            .Register<TRestoreSnapshotRequest, TRestoreSnapshotResult>(DorisMethods.RestoreSnapshot, service.RestoreSnapshotAsync)
            .Register<TGetMasterTokenRequest, TGetMasterTokenResult>(DorisMethods.GetMasterToken, service.GetMasterTokenAsync)
            .Register<TGetMetaRequest, TGetMetaResult>(DorisMethods.GetMeta, service.GetMetaAsync)
            .Register<TGetBackendMetaRequest, TGetBackendMetaResult>(DorisMethods.GetBackendMeta, service.GetBackendMetaAsync);
    }

    public static ThriftProcessor AddBackendService(this ThriftProcessor processor, IBackendService service)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(service);
        return processor
            .Register<TIngestBinlogRequest, TIngestBinlogResult>(DorisMethods.IngestBinlog, service.IngestBinlogAsync)
            .Register<TQueryIngestBinlogRequest, TQueryIngestBinlogResult>(DorisMethods.QueryIngestBinlog, service.QueryIngestBinlogAsync);
    }
}
