namespace Syncer.Doris.Thrift;

// The generated FrontendService results (Generated/, partial classes) share a status and a master address;
// declaring the interface here lets FailoverFrontendClient follow NOT_MASTER for every method alike.

public partial class TBeginTxnResult : IDorisResult;

public partial class TCommitTxnResult : IDorisResult;

public partial class TRollbackTxnResult : IDorisResult;

public partial class TGetBinlogResult : IDorisResult;

public partial class TGetBinlogLagResult : IDorisResult;

public partial class TGetSnapshotResult : IDorisResult;

public partial class TRestoreSnapshotResult : IDorisResult;

public partial class TGetMasterTokenResult : IDorisResult;

public partial class TGetMetaResult : IDorisResult;

public partial class TGetBackendMetaResult : IDorisResult;
