using Serilog.Events;
using Syncer.Configuration;

namespace Syncer.Tests.Configuration;

public sealed class FlagParserTests
{
    private static SyncerOptions Parse(params string[] args) => FlagParser.Parse(args, _ => null).Options;

    private static string Error(params string[] args) => Assert.Throws<FlagParseException>(() => FlagParser.Parse(args, _ => null)).Message;

    [Fact]
    public void Defaults_match_the_go_syncer()
    {
        var o = Parse();
        Assert.Equal("127.0.0.1", o.Host);
        Assert.Equal(9190, o.Port);
        Assert.Equal(System.Net.IPAddress.Any.ToString(), o.BindAddress);
        Assert.Equal(StoreKind.Sqlite, o.DbType);
        Assert.EndsWith(Path.Combine("db", "ccr.db"), o.DbDir, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", o.DbHost);
        Assert.Equal(3306, o.DbPort);
        Assert.Equal("root", o.DbUser);
        Assert.Equal("", o.DbPassword);
        Assert.Equal(LogEventLevel.Verbose, o.LogLevel);
        Assert.Equal("", o.LogFilename);
        Assert.False(o.LogAlsoToStderr);
        Assert.Equal(TimeSpan.FromSeconds(10), o.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), o.RpcTimeout);
        Assert.Equal(TimeSpan.FromSeconds(33), o.CommitTxnTimeout);
        Assert.Equal(48, o.MaxIngestConcurrencyPerBackend);
        Assert.Equal(50, o.MaxGetBinlogPerSecond);
        Assert.Equal(1L << 30, o.MySqlMaxAllowedPacket);
        Assert.Equal("", o.ApiToken);
        Assert.True(o.Features.SchemaChangePartialSync);
        Assert.False(o.Features.CleanTableAndPartitions);
        Assert.True(o.Features.AtomicRestore);
        Assert.True(o.Features.CreateViewDropExists);
        Assert.True(o.Features.ReplaceNotMatchedWithAlias);
        Assert.True(o.Features.FilterShadowIndexesUpsert);
        Assert.False(o.Features.CancelConflictBackupRestoreJob);
        Assert.Equal("127.0.0.1:9190", o.Identity);
    }

    [Fact]
    public void Every_feature_flag_of_the_Go_syncer_exists_with_its_default()
    {
        var expected = new Dictionary<string, string>
        {
            ["feature_schema_change_partial_sync"] = "true",
            ["feature_clean_table_and_partitions"] = "false",
            ["feature_atomic_restore"] = "true",
            ["feature_create_view_drop_exists"] = "true",
            ["feature_replace_not_matched_with_alias"] = "true",
            ["feature_filter_shadow_indexes_upsert"] = "true",
            ["feature_cancel_conflict_backup_restore_job"] = "false",
        };
        var features = SyncerFlags.All.Where(f => f.IsFeature).ToDictionary(f => f.Name, f => f.DefaultText);
        Assert.Equal(expected.OrderBy(p => p.Key), features.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("-port=9191")]
    [InlineData("--port=9191")]
    [InlineData("-port", "9191")]
    [InlineData("--port", "9191")]
    public void Accepts_every_go_value_syntax(params string[] args) => Assert.Equal(9191, Parse(args).Port);

    [Fact]
    public void Bool_flags_may_be_bare_or_take_a_go_bool()
    {
        Assert.True(Parse("-log_also_to_stderr").LogAlsoToStderr);
        Assert.True(Parse("--log_also_to_stderr").LogAlsoToStderr);
        Assert.False(Parse("-feature_atomic_restore=false").Features.AtomicRestore);
        Assert.False(Parse("-feature_atomic_restore=0").Features.AtomicRestore);
        Assert.True(Parse("-feature_clean_table_and_partitions=T").Features.CleanTableAndPartitions);
        Assert.True(Parse("-version").ShowVersion);
    }

    [Fact]
    public void Parses_every_issue_flag()
    {
        var o = Parse("-host=127.0.0.5", "-port=9300", "-db_type=mysql", "-db_dir=/tmp/x.db", "-db_host=db.local", "-db_port=3307",
            "-db_user=ccr", "-db_password=s3cret", "-log_level=info", "-log_filename=/tmp/s.log", "-log_also_to_stderr=true",
            "-connect_timeout=1m30s", "-rpc_timeout=500ms", "-commit_txn_timeout=2h", "-max_ingest_concurrency_per_backend=7",
            "-bind_address=127.0.0.1", "-api_token=tok", "-key_file=/tmp/k", "-pprof", "-pprof_port=7070", "-local_repo_name=r",
            "-mysql_max_allowed_packet=1024", "-max_getbinlog_per_second=12");
        Assert.Equal("127.0.0.5", o.Host);
        Assert.Equal(9300, o.Port);
        Assert.Equal(StoreKind.MySql, o.DbType);
        Assert.Equal("/tmp/x.db", o.DbDir);
        Assert.Equal("db.local", o.DbHost);
        Assert.Equal(3307, o.DbPort);
        Assert.Equal("ccr", o.DbUser);
        Assert.Equal("s3cret", o.DbPassword);
        Assert.Equal(LogEventLevel.Information, o.LogLevel);
        Assert.Equal("/tmp/s.log", o.LogFilename);
        Assert.True(o.LogAlsoToStderr);
        Assert.Equal(TimeSpan.FromSeconds(90), o.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.RpcTimeout);
        Assert.Equal(TimeSpan.FromHours(2), o.CommitTxnTimeout);
        Assert.Equal(7, o.MaxIngestConcurrencyPerBackend);
        Assert.Equal("127.0.0.1", o.BindAddress);
        Assert.Equal("tok", o.ApiToken);
        Assert.Equal("/tmp/k", o.KeyFile);
        Assert.Equal("/tmp/k", o.ResolvedKeyFile());
        Assert.True(o.Pprof);
        Assert.Equal(7070, o.PprofPort);
        Assert.Equal(1024, o.MySqlMaxAllowedPacket);
        Assert.Equal(12, o.MaxGetBinlogPerSecond);
        Assert.Equal("127.0.0.5:9300", o.Identity);
    }

    [Fact]
    public void Key_file_defaults_to_the_folder_of_the_store_file() =>
        Assert.Equal("/var/lib/ccr/ccr.key", Parse("-db_dir=/var/lib/ccr/ccr.db").ResolvedKeyFile());

    [Theory]
    [InlineData("flag provided but not defined: -nope", "-nope=1")]
    [InlineData("flag provided but not defined: -nope", "--nope")]
    [InlineData("invalid value \"abc\" for flag -port: expected an integer", "-port=abc")]
    [InlineData("invalid value \"70000\" for flag -port: a port must be between 1 and 65535", "-port=70000")]
    [InlineData("invalid value \"0\" for flag -db_port: a port must be between 1 and 65535", "-db_port", "0")]
    [InlineData("invalid value \"10\" for flag -connect_timeout: expected a duration such as 10s, 1m30s or 500ms", "-connect_timeout=10")]
    [InlineData("invalid value \"0s\" for flag -rpc_timeout: must be greater than 0", "-rpc_timeout=0s")]
    [InlineData("invalid boolean value \"yes\" for -pprof: expected true or false", "-pprof=yes")]
    [InlineData("invalid value \"verbose\" for flag -log_level: expected trace, debug, info, warn, error, fatal or panic", "-log_level=verbose")]
    [InlineData("invalid value \"oracle\" for flag -db_type: expected sqlite3 or mysql", "-db_type=oracle")]
    [InlineData("invalid value \"\" for flag -db_dir: must not be empty", "-db_dir=")]
    [InlineData("flag needs an argument: -host", "-host")]
    [InlineData("unexpected argument \"extra\": ccr_syncer takes only flags (-name=value)", "extra")]
    [InlineData("unexpected argument \"false\": ccr_syncer takes only flags (-name=value)", "-pprof", "false")]
    [InlineData("bad flag syntax: ---port=1", "---port=1")]
    [InlineData("invalid value \"-3\" for flag -max_ingest_concurrency_per_backend: must be greater than 0", "-max_ingest_concurrency_per_backend=-3")]
    [InlineData("invalid value \"-1\" for flag -max_getbinlog_per_second: must not be negative", "-max_getbinlog_per_second=-1")]
    public void Rejects_bad_input_with_one_clear_line(string message, params string[] args)
    {
        var error = Error(args);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Postgresql_is_refused_with_the_reason() =>
        Assert.Contains("postgresql store is not supported", Error("-db_type=postgresql"), StringComparison.Ordinal);

    [Fact]
    public void Bind_address_must_be_an_ip() => Assert.Contains("-bind_address", Error("-bind_address=not an ip"), StringComparison.Ordinal);

    [Fact]
    public void Secrets_can_come_from_the_environment_but_flags_win()
    {
        var env = new Dictionary<string, string> { ["CCR_SYNCER_API_TOKEN"] = "from-env", ["CCR_SYNCER_DB_PASSWORD"] = "pw-env" };
        var fromEnv = FlagParser.Parse([], name => env.GetValueOrDefault(name)).Options;
        Assert.Equal("from-env", fromEnv.ApiToken);
        Assert.Equal("pw-env", fromEnv.DbPassword);
        var fromFlag = FlagParser.Parse(["-api_token=flag"], name => env.GetValueOrDefault(name)).Options;
        Assert.Equal("flag", fromFlag.ApiToken);
    }

    [Fact]
    public void Help_is_recognised_and_the_usage_lists_every_flag()
    {
        Assert.True(FlagParser.Parse(["-h"], _ => null).HelpRequested);
        Assert.True(FlagParser.Parse(["--help"], _ => null).HelpRequested);
        var usage = FlagParser.Usage();
        foreach (var flag in SyncerFlags.All) Assert.Contains("  -" + flag.Name, usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_dash_ends_the_flags()
    {
        Assert.Equal(9191, Parse("-port=9191", "--").Port);
        Assert.Contains("unexpected argument", Error("--", "-port=1"), StringComparison.Ordinal);
    }
}
