using System.Diagnostics;
using MySqlConnector;
using Syncer.Doris.Sql;
using Syncer.TestSupport;

namespace Syncer.Bench;

/// <summary>
/// <c>./build.sh bench sql</c>: the SQL round trip (SELECT 1 on an open session) against a minidoris FE and a MariaDB
/// server on 127.0.0.1, for each client stack in one run. Rounds alternate the stacks so that a busy machine's drift
/// lands on all of them alike; the figures are per call, and each stack's ratio is against the first one.
/// </summary>
internal static class SqlRoundTrip
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>One way of running SELECT 1: opened once per server, then called many times.</summary>
    public sealed record Stack(string Name, Func<Server, Task<Func<Task>>> OpenAsync);

    /// <summary>Where to connect.</summary>
    public sealed record Server(string Name, int Port, string User, string Password);

    /// <summary>The stacks compared: the syncer's gateway session, and MySqlConnector used directly (the floor of the driver).</summary>
    public static IReadOnlyList<Stack> Stacks { get; } =
    [
        new("gateway: DorisSqlSession (MySqlConnector)", async server =>
        {
            var session = await DorisSqlSession.OpenAsync("127.0.0.1", server.Port, server.User, server.Password, Timeout, Timeout, TimeProvider.System,
                CancellationToken.None);
            return async () => await session.QueryAsync("SELECT 1", CancellationToken.None);
        }),
        new("MySqlConnector MySqlCommand, direct", async server =>
        {
            var connection = new MySqlConnection(DorisSqlSession.ConnectionString("127.0.0.1", server.Port, server.User, server.Password, Timeout, Timeout));
            await connection.OpenAsync();
            var command = new MySqlCommand("SELECT 1", connection);
            return async () => await command.ExecuteScalarAsync();
        }),
    ];

    public static async Task RunAsync(string bin, bool quick, Report report)
    {
        var (rounds, perRound) = quick ? (10, 200) : (20, 500);
        Console.WriteLine($"\n== SQL round trip: SELECT 1, {rounds} rounds x {perRound} calls per stack and server");
        await using var minidoris = await MiniDoris.StartAsync(bin, "sql");
        var mariadb = new MariaDbServer();
        await mariadb.InitializeAsync();
        try
        {
            foreach (var server in new[]
                     {
                         new Server("minidoris", minidoris.QueryPort, "root", ""),
                         new Server("MariaDB", mariadb.Port, MariaDbServer.User, MariaDbServer.Password),
                     })
            {
                await MeasureAsync(server, rounds, perRound, report);
            }
        }
        finally
        {
            await mariadb.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(Server server, int rounds, int perRound, Report report)
    {
        var calls = new List<Func<Task>>();
        foreach (var stack in Stacks) calls.Add(await stack.OpenAsync(server));
        // Warm up every stack (JIT, buffers) before anything is timed.
        foreach (var call in calls)
        {
            for (var i = 0; i < 200; i++) await call();
        }

        var samples = Stacks.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < calls.Count; k++)
            {
                var index = (k + round) % calls.Count;
                for (var i = 0; i < perRound; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await calls[index]();
                    samples[index].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }
        }

        var reference = Median(samples[0]);
        for (var k = 0; k < Stacks.Count; k++)
        {
            var median = Median(samples[k]);
            report.Add($"SELECT 1 {server.Name}: {Stacks[k].Name}", $"p50 {median:F0} us, mean {samples[k].Average():F0} us",
                k == 0 ? "reference" : "ratio to reference", k == 0 ? null : median / reference <= 1.10);
            if (k > 0) Console.WriteLine($"    ratio {median / reference:F2}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
