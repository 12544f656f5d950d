using System.Diagnostics;
using Syncer.TestSupport;
using Syncer.Wire.Thrift;
using Syncer.Wire.Thrift.Client;
using Syncer.Wire.Thrift.Server;

namespace Syncer.Wire.Tests.Thrift;

/// <summary>
/// Our client and server against Apache Thrift's own Python runtime (Debian python3-thrift, installed by
/// build.sh), over real sockets in both directions.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ApacheThriftInteropTests
{
    // Debian's interpreter, which has python3-thrift; a python3 earlier on PATH (pyenv) may not.
    private const string Python = "/usr/bin/python3";

    private static string PeerScript => Path.Combine(AppContext.BaseDirectory, "Thrift", "apache_thrift_peer.py");

    [Fact]
    public async Task ApacheThriftClientCallsOurServer()
    {
        var processor = new ThriftProcessor().Register<EchoRequest, EchoResult>(
            "echo",
            (request, _) => ValueTask.FromResult(new EchoResult { Text = "ours:" + request.Text, Payload = request.Payload }));
        await using var server = new ThriftServer(processor);
        server.Start();

        var python = await ProcessRunner.RunAsync(
            Python,
            [PeerScript, "client", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "数据"],
            TimeSpan.FromSeconds(60));

        Assert.True(python.ExitCode == 0, python.ToString());
        var lines = python.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reply echo 1 ours:数据 00ff", lines[0]);
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
            await using var client = new ThriftClient(new ThriftClientOptions("127.0.0.1", port));

            var result = await client.CallAsync<EchoRequest, EchoResult>("echo", new EchoRequest { Text = "数据", Payload = [1, 2, 3] });
            var unknown = await Assert.ThrowsAsync<ThriftApplicationException>(
                () => client.CallAsync<EchoRequest, EchoResult>("nope", new EchoRequest()).AsTask());

            Assert.Equal("python:数据", result.Text);
            Assert.Equal(new byte[] { 1, 2, 3 }, result.Payload);
            Assert.Equal(TApplicationExceptionType.UnknownMethod, unknown.Type);
            Assert.Equal("python:again", (await client.CallAsync<EchoRequest, EchoResult>("echo", new EchoRequest { Text = "again" })).Text);
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
}
