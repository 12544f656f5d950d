using System.Diagnostics;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Thrift;

namespace Syncer.Doris.Tests.Rpc;

/// <summary>
/// Our FE client and Thrift server (Apache Thrift's C# runtime and our generated code) against Apache Thrift's Python
/// runtime (Debian python3-thrift, installed by build.sh), over real sockets in both directions.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ApacheThriftInteropTests
{
    // Debian's interpreter, which has python3-thrift; a python3 earlier on PATH (pyenv) may not.
    private const string Python = "/usr/bin/python3";

    private static string PeerScript => Path.Combine(AppContext.BaseDirectory, "Rpc", "apache_thrift_peer.py");

    [Fact]
    public async Task ApacheThriftClientCallsOurServer()
    {
        await using var server = new ThriftServiceHost(FrontendServiceHandler.Processor(new TokenFrontend()));
        server.Start();

        var python = await ProcessRunner.RunAsync(
            Python,
            [PeerScript, "client", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "数据"],
            TimeSpan.FromSeconds(60));

        Assert.True(python.ExitCode == 0, python.ToString());
        var lines = python.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reply getMasterToken 1 0 ours:数据", lines[0]);
        Assert.Equal("exception 1 Invalid method name: 'noSuchMethod'", lines[1]);
    }

    [Fact]
    public async Task OurClientCallsAnApacheThriftServer()
    {
        using var python = Start("server");
        try
        {
            var first = await python.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (first?.StartsWith("port ", StringComparison.Ordinal) != true)
            {
                Assert.Fail($"unexpected output '{first}': {await ReadErrors(python)}");
            }

            var port = int.Parse(first!["port ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            await using var client = new FrontendClient(new ThriftClientOptions("127.0.0.1", port));

            var result = await client.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "数据" }, CancellationToken.None);
            var unknown = await Assert.ThrowsAsync<TApplicationException>(
                () => client.GetBinlogAsync(new TGetBinlogRequest { Db = "db" }, CancellationToken.None).AsTask());

            Assert.Equal(TStatusCode.OK, result.Status!.StatusCode);
            Assert.Equal("python:数据", result.Token);
            Assert.Equal(TApplicationException.ExceptionType.UnknownMethod, unknown.Type);
            Assert.Equal("python:again", (await client.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "again" }, CancellationToken.None)).Token);
        }
        finally
        {
            python.Kill(entireProcessTree: true);
            await python.WaitForExitAsync();
        }
    }

    /// <summary>Starts the long-running peer (the server mode), whose output is read line by line.</summary>
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PeerScript);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONIOENCODING"] = "utf-8";
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Python}");
    }

    private static async Task<string> ReadErrors(Process process)
    {
        process.Kill(entireProcessTree: true);
        return await process.StandardError.ReadToEndAsync();
    }

    /// <summary>An FE whose getMasterToken answers "ours:" and the user name as the token.</summary>
    private sealed class TokenFrontend : IFrontendService
    {
        public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new TGetMasterTokenResult { Status = new TStatus { StatusCode = TStatusCode.OK }, Token = "ours:" + request.User });

        public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
