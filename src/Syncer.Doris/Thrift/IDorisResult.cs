namespace Syncer.Doris.Thrift;

/// <summary>
/// What every FrontendService result the syncer reads has in common: a status and, for NOT_MASTER,
/// the address of the master FE (its field id differs per struct).
/// </summary>
public interface IDorisResult
{
    TStatus? Status { get; }

    TNetworkAddress? MasterAddress { get; }
}
