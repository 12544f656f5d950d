using Syncer.TestSupport;

namespace Syncer.Wire.Tests.MySql;

/// <summary>One real MariaDB server shared by every test class in this collection (they then run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "MariaDB";
}
