using System.Globalization;
using MiniDoris.MySql;
using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Tests.Support;

/// <summary>A <see cref="ScriptedDorisCluster"/> listening on a real 127.0.0.1 port with the MySQL protocol (Doris greets as 5.7.99).</summary>
public sealed class ScriptedDorisServer : IAsyncDisposable
{
    private readonly MySqlServer _server;

    private ScriptedDorisServer(MySqlServer server, ScriptedDorisCluster cluster, string password)
    {
        _server = server;
        Cluster = cluster;
        Password = password;
    }

    public ScriptedDorisCluster Cluster { get; }

    public string Password { get; }

    public int Port => _server.Port;

    public static async Task<ScriptedDorisServer> StartAsync(string password = "doris-pw")
    {
        var cluster = new ScriptedDorisCluster("127.0.0.1");
        var users = new InMemoryMySqlUserStore().Set("root", password);
        // Port 0: the OS picks a free port at bind time, so parallel tests cannot collide.
        var server = new MySqlServer(new MySqlServerOptions { Port = 0, ServerVersion = "5.7.99" }, users, cluster);
        await server.StartAsync(CancellationToken.None);
        cluster.Listening(server.Port);
        return new ScriptedDorisServer(server, cluster, password);
    }

    /// <summary>A spec pointing at this cluster.</summary>
    public ClusterSpec Spec(string database, string table = "") => new()
    {
        Host = "127.0.0.1",
        Port = Port.ToString(CultureInfo.InvariantCulture),
        ThriftPort = "9020",
        User = "root",
        Password = Password,
        Database = database,
        Table = table,
    };

    /// <summary>Adds a BE whose HTTP port is <paramref name="httpPort"/>.</summary>
    public void AddBackend(int httpPort) =>
        Cluster.Backends.Add(new DorisBackend(Cluster.Backends.Count + 1, "127.0.0.1", 9060, httpPort, 8060));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
