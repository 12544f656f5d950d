using Syncer.TestSupport;

namespace Syncer.Tests.Store;

/// <summary>One real MariaDB server shared by the MySQL store tests (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "MariaDB";
}
