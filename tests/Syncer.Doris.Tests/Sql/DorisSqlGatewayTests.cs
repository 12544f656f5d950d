using Syncer.Doris.Sql;

namespace Syncer.Doris.Tests.Sql;

public class DorisSqlGatewayTests
{
    private static DorisSqlResult Backends(string httpPort) => new(
        ["BackendId", "Host", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "ArrowFlightSqlPort"],
        [["10001", "127.0.0.1", "9050", "9060", httpPort, "-1", "-1"]]);

    [Fact]
    public async Task Backends_are_read_by_column_name()
    {
        var gateway = new DorisSqlGateway(new AnsweringSession(Backends("8040")));

        var backend = Assert.Single(await gateway.ListBackendsAsync(CancellationToken.None));

        Assert.Equal(new DorisBackend(10001, "127.0.0.1", 9060, 8040, -1), backend);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("4294977296")]
    public async Task A_port_out_of_range_is_a_bad_answer_not_a_wrapped_number(string httpPort)
    {
        var gateway = new DorisSqlGateway(new AnsweringSession(Backends(httpPort)));

        var error = await Assert.ThrowsAsync<DorisAnswerException>(() => gateway.ListBackendsAsync(CancellationToken.None));

        Assert.Contains($"HttpPort is \"{httpPort}\", not a port", error.Message);
    }

    /// <summary>A session that answers every query with one fixed result.</summary>
    private sealed class AnsweringSession(DorisSqlResult answer) : IDorisSqlSession
    {
        public Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken) => Task.FromResult(answer);

        public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
