using Syncer.Jobs;

namespace Syncer.Tests.Support;

/// <summary>Job definitions for store and API tests.</summary>
public static class JobSamples
{
    public static JobInfo Table(string name, string srcPassword = "src-secret-pw", string destPassword = "dest-secret-pw") => new()
    {
        Name = name,
        SyncType = SyncType.TableSync,
        Src = new ClusterSpec
        {
            Host = "127.0.0.11", Port = "9030", ThriftPort = "9020", User = "root", Password = srcPassword, Database = "demo", Table = "orders",
            DbId = 11, TableId = 12, Frontends = [new FrontendSpec { Host = "127.0.0.11", Port = "9030", ThriftPort = "9020", IsMaster = true }],
        },
        Dest = new ClusterSpec
        {
            Host = "127.0.0.12", Port = "9030", ThriftPort = "9020", User = "root", Password = destPassword, Database = "demo_bak", Table = "orders",
            DbId = 21,
        },
    };
}
