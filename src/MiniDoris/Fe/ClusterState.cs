using System.Globalization;
using System.Text.Json;
using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Txn;
using MiniDoris.Storage;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe;

/// <summary>
/// The live state of one emulated cluster (Doris's Env): catalog image, binlogs, transactions, users and
/// configs, with id allocation and lookups. Callers hold the cluster lock.
/// </summary>
public sealed class ClusterState : IBinlogGcPolicy
{
    private const string ImageKey = "image";
    private Dictionary<long, TabletLocation>? _tabletIndex;

    private ClusterState(ClusterImage image, ClusterStore store, TimeProvider time)
    {
        Image = image;
        Store = store;
        Time = time;
        Binlogs = new BinlogManager(store);
        Auth = new AuthManager(image.Users);
        Config = new FrontendConfig(image.FrontendConfig);
        Transactions = new TransactionManager(store);
    }

    public ClusterImage Image { get; }

    public ClusterStore Store { get; }

    public TimeProvider Time { get; }

    public BinlogManager Binlogs { get; }

    public AuthManager Auth { get; }

    public FrontendConfig Config { get; }

    public TransactionManager Transactions { get; }

    /// <summary>Set once an operation allocated an id: it changed state that must be saved or rolled back.</summary>
    public bool Dirty { get; set; }

    public IReadOnlyList<Database> Databases => Image.Databases;

    public IReadOnlyList<Backend> Backends => Image.Backends;

    /// <summary>Reads the state from the store, or initialises a new cluster when the store is empty.</summary>
    public static ClusterState Load(ClusterStore store, TimeProvider time, ClusterOptions options)
    {
        var json = store.GetMeta(ImageKey);
        var fresh = json is null;
        var image = fresh ? new ClusterImage() : JsonSerializer.Deserialize<ClusterImage>(json!)!;
        var state = new ClusterState(image, store, time);
        if (fresh)
        {
            state.InitializeNewCluster(options);
        }

        state.ApplyProcessOptions(options);
        state.Binlogs.Load(image.Binlog, store.LoadBinlogs());
        state.Transactions.Load(store.LoadTransactions());
        state.Binlogs.FeatureEnabled = state.Config.GetBool(FrontendConfig.EnableFeatureBinlog);
        if (fresh || state.Dirty)
        {
            store.Begin();
            state.Save();
            store.Commit();
        }

        return state;
    }

    /// <summary>Writes the image (with the binlog dummies) in the current store transaction.</summary>
    public void Save()
    {
        Image.Binlog = Binlogs.ExportImage();
        Store.SetMeta(ImageKey, JsonSerializer.Serialize(Image));
        Dirty = false;
    }

    public long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public long NextId()
    {
        Dirty = true;
        return Image.NextCatalogId++;
    }

    /// <summary>Writes one edit-log entry: the returned journal id is also the commit seq of its binlog, if any.</summary>
    public long NextJournalId()
    {
        Dirty = true;
        return Image.NextJournalId++;
    }

    public long NextTxnId()
    {
        Dirty = true;
        return Image.NextTxnId++;
    }

    /// <summary>
    /// A new BE rowset id in Doris's RowsetId::to_string form for id version 2: 48 hex digits, the first 16 the version
    /// byte (02) over a 56-bit increasing number, then the 128-bit backend uid. A Doris BE makes a new uid at each
    /// start, so this process's uid is random and not persisted; the counter persists so ids never repeat.
    /// </summary>
    public string NextRowsetId()
    {
        Dirty = true;
        var inc = Image.NextRowsetId++ & 0x00FF_FFFF_FFFF_FFFFL;
        return (((2L << 56) | inc).ToString("x16", CultureInfo.InvariantCulture)) + _backendUid;
    }

    private readonly string _backendUid = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public Database? FindDb(string name) => Image.Databases.FirstOrDefault(d => d.Name == name);

    public Database? FindDb(long id) => Image.Databases.FirstOrDefault(d => d.Id == id);

    public Database GetDb(string name) => FindDb(name) ?? throw DorisErrors.UnknownDatabase(name);

    public (Database Db, Table Table)? FindTable(long tableId)
    {
        foreach (var db in Image.Databases)
        {
            var t = db.FindTable(tableId);
            if (t is not null)
            {
                return (db, t);
            }
        }

        return null;
    }

    public Backend? FindBackend(long id) => Image.Backends.FirstOrDefault(b => b.Id == id);

    public TabletLocation? FindTablet(long tabletId)
    {
        _tabletIndex ??= BuildTabletIndex();
        return _tabletIndex.GetValueOrDefault(tabletId);
    }

    /// <summary>Forgets cached lookups after the catalog changed shape.</summary>
    public void InvalidateIndexes() => _tabletIndex = null;

    /// <summary>The binlog.enable settings that gate a binlog touching these tables (views follow their db).</summary>
    public static BinlogGate GateFor(Database db, params Table[] tables) => new(
        db.BinlogConfig.Enable,
        tables.ToDictionary(t => t.Id, t => t is OlapTable o ? o.BinlogConfig.Enable : db.BinlogConfig.Enable));

    /// <summary>Records a binlog for a journal entry (commit seq = <paramref name="journalId"/>).</summary>
    public BinlogRecord? RecordBinlog(Database db, TBinlogType type, IReadOnlyList<Table> tables, string? data, long journalId,
        DroppedIds? dropped = null, BinlogGate? gate = null) =>
        Binlogs.Add(db.Id, type, tables.Select(t => t.Id).ToList(), data, journalId, NowMs(),
            gate ?? GateFor(db, [.. tables]), dropped);

    BinlogConfig? IBinlogGcPolicy.DbConfig(long dbId) => FindDb(dbId)?.BinlogConfig;

    BinlogConfig? IBinlogGcPolicy.TableConfig(long dbId, long tableId) =>
        (FindDb(dbId)?.FindTable(tableId) as OlapTable)?.BinlogConfig;

    void IBinlogGcPolicy.OnBinlogRowsetsExpired(long dbId, long tableId, IReadOnlyDictionary<long, long> partitionVersions)
    {
        if (FindDb(dbId)?.FindTable(tableId) is not OlapTable table)
        {
            return;
        }

        foreach (var (partitionId, version) in partitionVersions)
        {
            var partition = table.FindPartition(partitionId);
            if (partition is null)
            {
                continue;
            }

            foreach (var tablet in partition.AllTablets())
            {
                Image.BinlogGcVersions[tablet.Id] = Math.Max(Image.BinlogGcVersions.GetValueOrDefault(tablet.Id), version);
            }
        }

        Dirty = true;
    }

    private void InitializeNewCluster(ClusterOptions options)
    {
        Image.ClusterName = options.Name;
        Image.ClusterId = Random.Shared.Next(100_000_000, int.MaxValue);
        Image.Token = Guid.NewGuid().ToString();
        if (!options.EnableFeatureBinlog)
        {
            Image.FrontendConfig[FrontendConfig.EnableFeatureBinlog] = "false";
        }

        // A fresh Doris FE writes a few hundred journal entries while it bootstraps; start past them so
        // commit seqs look like a real cluster's and never collide with small test constants.
        Image.NextJournalId = 100;
        Dirty = true;
    }

    /// <summary>Backend ports and count come from the command line of each run.</summary>
    internal void ApplyProcessOptions(ClusterOptions options)
    {
        for (var i = 0; i < options.Backends; i++)
        {
            Backend backend;
            if (i < Image.Backends.Count)
            {
                backend = Image.Backends[i];
            }
            else
            {
                backend = new Backend { Id = NextId() };
                Image.Backends.Add(backend);
            }

            backend.Host = options.Host;
            if (i < options.BoundBackendPorts.Count)
            {
                (backend.BePort, backend.HttpPort) = options.BoundBackendPorts[i];
            }
            else
            {
                backend.BePort = options.BePort == 0 ? 0 : options.BePort + i;
                backend.HttpPort = options.BeHttpPort == 0 ? 0 : options.BeHttpPort + i;
            }

            // Heartbeat and brpc ports are only shown (SHOW BACKENDS, getBackendMeta), never bound.
            backend.HeartbeatPort = backend.BePort == 0 ? 0 : backend.BePort > 64535 ? backend.BePort - 1000 : backend.BePort + 1000;
            backend.BrpcPort = backend.BePort == 0 ? 0 : backend.BePort > 63535 ? backend.BePort - 2000 : backend.BePort + 2000;
            backend.IsAlive = true;
            backend.LastStartTime = NowMs();
        }

        for (var i = options.Backends; i < Image.Backends.Count; i++)
        {
            Image.Backends[i].IsAlive = false;
        }

        Dirty = true;
    }

    private Dictionary<long, TabletLocation> BuildTabletIndex()
    {
        var index = new Dictionary<long, TabletLocation>();
        foreach (var db in Image.Databases)
        {
            foreach (var table in db.OlapTables)
            {
                foreach (var partition in table.AllPartitions())
                {
                    foreach (var mi in partition.Indexes)
                    {
                        foreach (var tablet in mi.Tablets)
                        {
                            index[tablet.Id] = new TabletLocation(db, table, partition, mi, tablet);
                        }
                    }
                }
            }
        }

        return index;
    }
}
