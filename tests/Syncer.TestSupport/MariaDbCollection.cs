namespace Syncer.TestSupport;

/// <summary>
/// One real MariaDB server shared by every test class of the collection (they run one after another). xUnit 2 reads
/// collection definitions only from the test assembly itself, so this one file is compiled into each test project
/// that needs it (a linked Compile item) instead of into Syncer.TestSupport.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "MariaDB";
}
