using Microsoft.Data.Sqlite;

namespace MiniDoris.Storage;

/// <summary>
/// The SQLite database that holds a cluster's whole state: the catalog image and counters (table meta),
/// binlogs, transactions and rowsets. In memory when no data directory is given, otherwise in
/// <c>DIR/minidoris.db</c>, so a restart finds everything again. Not thread-safe: the cluster serialises access.
/// </summary>
public sealed class ClusterStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public ClusterStore(string? dataDir)
    {
        string connectionString;
        if (dataDir is null)
        {
            connectionString = "Data Source=:memory:";
        }
        else
        {
            Directory.CreateDirectory(dataDir);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "minidoris.db") }.ToString();
        }

        IsPersistent = dataDir is not null;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute(IsPersistent ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" : "PRAGMA journal_mode=MEMORY;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS binlog (
                commit_seq INTEGER PRIMARY KEY, db_id INTEGER NOT NULL, type INTEGER NOT NULL,
                timestamp INTEGER NOT NULL, table_ids TEXT NOT NULL, data TEXT, table_lists TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS txn (txn_id INTEGER PRIMARY KEY, db_id INTEGER NOT NULL, label TEXT NOT NULL, state TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS txn_label ON txn(db_id, label);
            CREATE TABLE IF NOT EXISTS rowset (
                rowset_id TEXT PRIMARY KEY, tablet_id INTEGER NOT NULL, version INTEGER, txn_id INTEGER NOT NULL,
                num_rows INTEGER NOT NULL, meta TEXT NOT NULL, data BLOB);
            CREATE INDEX IF NOT EXISTS rowset_tablet ON rowset(tablet_id, version);
            CREATE INDEX IF NOT EXISTS rowset_txn ON rowset(txn_id);
            CREATE TABLE IF NOT EXISTS snapshot_file (path TEXT PRIMARY KEY, backend_id INTEGER NOT NULL, data BLOB NOT NULL);
            """);
    }

    /// <summary>True when the state survives a restart (a data directory was given).</summary>
    public bool IsPersistent { get; }

    /// <summary>Starts the unit of work every mutating operation runs in.</summary>
    public void Begin()
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("a store transaction is already open");
        }

        _transaction = _connection.BeginTransaction();
    }

    public void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        _transaction?.Rollback();
        _transaction?.Dispose();
        _transaction = null;
    }

    public string? GetMeta(string key)
    {
        using var cmd = Command("SELECT value FROM meta WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var cmd = Command("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    // ---- binlogs ----

    public void InsertBinlog(StoredBinlog binlog)
    {
        using var cmd = Command("""
            INSERT INTO binlog(commit_seq, db_id, type, timestamp, table_ids, data, table_lists)
            VALUES ($s, $d, $t, $ts, $ids, $data, $lists)
            """);
        cmd.Parameters.AddWithValue("$s", binlog.CommitSeq);
        cmd.Parameters.AddWithValue("$d", binlog.DbId);
        cmd.Parameters.AddWithValue("$t", binlog.Type);
        cmd.Parameters.AddWithValue("$ts", binlog.Timestamp);
        cmd.Parameters.AddWithValue("$ids", binlog.TableIds);
        cmd.Parameters.AddWithValue("$data", (object?)binlog.Data ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lists", binlog.TableLists);
        cmd.ExecuteNonQuery();
    }

    public void UpdateBinlogTableLists(long commitSeq, string tableLists)
    {
        using var cmd = Command("UPDATE binlog SET table_lists = $l WHERE commit_seq = $s");
        cmd.Parameters.AddWithValue("$l", tableLists);
        cmd.Parameters.AddWithValue("$s", commitSeq);
        cmd.ExecuteNonQuery();
    }

    public void DeleteBinlog(long commitSeq)
    {
        using var cmd = Command("DELETE FROM binlog WHERE commit_seq = $s");
        cmd.Parameters.AddWithValue("$s", commitSeq);
        cmd.ExecuteNonQuery();
    }

    public List<StoredBinlog> LoadBinlogs()
    {
        using var cmd = Command("SELECT commit_seq, db_id, type, timestamp, table_ids, data, table_lists FROM binlog ORDER BY commit_seq");
        using var reader = cmd.ExecuteReader();
        var list = new List<StoredBinlog>();
        while (reader.Read())
        {
            list.Add(new StoredBinlog(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }

        return list;
    }

    // ---- transactions ----

    public void SaveTransaction(long txnId, long dbId, string label, string stateJson)
    {
        using var cmd = Command("""
            INSERT INTO txn(txn_id, db_id, label, state) VALUES ($id, $db, $l, $s)
            ON CONFLICT(txn_id) DO UPDATE SET state = excluded.state
            """);
        cmd.Parameters.AddWithValue("$id", txnId);
        cmd.Parameters.AddWithValue("$db", dbId);
        cmd.Parameters.AddWithValue("$l", label);
        cmd.Parameters.AddWithValue("$s", stateJson);
        cmd.ExecuteNonQuery();
    }

    public void DeleteTransaction(long txnId)
    {
        using var cmd = Command("DELETE FROM txn WHERE txn_id = $id");
        cmd.Parameters.AddWithValue("$id", txnId);
        cmd.ExecuteNonQuery();
    }

    public List<string> LoadTransactions()
    {
        using var cmd = Command("SELECT state FROM txn ORDER BY txn_id");
        using var reader = cmd.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    // ---- rowsets ----

    public void InsertRowset(StoredRowset rowset)
    {
        using var cmd = Command("""
            INSERT INTO rowset(rowset_id, tablet_id, version, txn_id, num_rows, meta, data)
            VALUES ($id, $t, $v, $txn, $n, $m, $d)
            """);
        cmd.Parameters.AddWithValue("$id", rowset.RowsetId);
        cmd.Parameters.AddWithValue("$t", rowset.TabletId);
        cmd.Parameters.AddWithValue("$v", (object?)rowset.Version ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$txn", rowset.TxnId);
        cmd.Parameters.AddWithValue("$n", rowset.NumRows);
        cmd.Parameters.AddWithValue("$m", rowset.Meta);
        cmd.Parameters.AddWithValue("$d", (object?)rowset.Data ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Makes the staged rowsets of a transaction visible at a version (publish).</summary>
    public void PublishRowsets(long txnId, long tabletId, long version)
    {
        using var cmd = Command("UPDATE rowset SET version = $v WHERE txn_id = $txn AND tablet_id = $t AND version IS NULL");
        cmd.Parameters.AddWithValue("$v", version);
        cmd.Parameters.AddWithValue("$txn", txnId);
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.ExecuteNonQuery();
    }

    public void DeleteStagedRowsets(long txnId)
    {
        using var cmd = Command("DELETE FROM rowset WHERE txn_id = $txn AND version IS NULL");
        cmd.Parameters.AddWithValue("$txn", txnId);
        cmd.ExecuteNonQuery();
    }

    public void DeleteStagedRowsets(long txnId, long tabletId)
    {
        using var cmd = Command("DELETE FROM rowset WHERE txn_id = $txn AND tablet_id = $t AND version IS NULL");
        cmd.Parameters.AddWithValue("$txn", txnId);
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The published rowsets of a tablet with version at most <paramref name="maxVersion"/>, oldest first.</summary>
    public List<StoredRowset> LoadRowsets(long tabletId, long maxVersion)
    {
        using var cmd = Command("""
            SELECT rowset_id, tablet_id, version, txn_id, num_rows, meta, data FROM rowset
            WHERE tablet_id = $t AND version IS NOT NULL AND version <= $v ORDER BY version, rowset_id
            """);
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.Parameters.AddWithValue("$v", maxVersion);
        return ReadRowsets(cmd);
    }

    /// <summary>The published rowset of a tablet at exactly <paramref name="version"/>, if any.</summary>
    public StoredRowset? FindRowset(long tabletId, long version)
    {
        using var cmd = Command("""
            SELECT rowset_id, tablet_id, version, txn_id, num_rows, meta, data FROM rowset
            WHERE tablet_id = $t AND version = $v ORDER BY rowset_id LIMIT 1
            """);
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.Parameters.AddWithValue("$v", version);
        return ReadRowsets(cmd).FirstOrDefault();
    }

    public StoredRowset? FindRowset(string rowsetId)
    {
        using var cmd = Command("SELECT rowset_id, tablet_id, version, txn_id, num_rows, meta, data FROM rowset WHERE rowset_id = $id");
        cmd.Parameters.AddWithValue("$id", rowsetId);
        return ReadRowsets(cmd).FirstOrDefault();
    }

    /// <summary>Rows written to a tablet up to a version (before any merge), as a BE reports its row count.</summary>
    public long CountRows(long tabletId, long maxVersion)
    {
        using var cmd = Command("SELECT coalesce(sum(num_rows), 0) FROM rowset WHERE tablet_id = $t AND version IS NOT NULL AND version <= $v");
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.Parameters.AddWithValue("$v", maxVersion);
        return (long)cmd.ExecuteScalar()!;
    }

    public void DeleteRowsetsOfTablet(long tabletId)
    {
        using var cmd = Command("DELETE FROM rowset WHERE tablet_id = $t");
        cmd.Parameters.AddWithValue("$t", tabletId);
        cmd.ExecuteNonQuery();
    }

    // ---- snapshot files (BE snapshot dirs and the FE's local snapshot blobs) ----

    public void PutSnapshotFile(string path, long backendId, byte[] data)
    {
        using var cmd = Command("INSERT INTO snapshot_file(path, backend_id, data) VALUES ($p, $b, $d) ON CONFLICT(path) DO UPDATE SET backend_id = excluded.backend_id, data = excluded.data");
        cmd.Parameters.AddWithValue("$p", path);
        cmd.Parameters.AddWithValue("$b", backendId);
        cmd.Parameters.AddWithValue("$d", data);
        cmd.ExecuteNonQuery();
    }

    /// <summary>A stored file: its owner BE and bytes, or null.</summary>
    public (long BackendId, byte[] Data)? GetSnapshotFile(string path)
    {
        using var cmd = Command("SELECT backend_id, data FROM snapshot_file WHERE path = $p");
        cmd.Parameters.AddWithValue("$p", path);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    /// <summary>The files directly or indirectly under a directory, as (path, backend id).</summary>
    public List<(string Path, long BackendId)> ListSnapshotFiles(string dir)
    {
        var prefix = dir.TrimEnd('/') + "/";
        using var cmd = Command("SELECT path, backend_id FROM snapshot_file WHERE substr(path, 1, length($p)) = $p ORDER BY path");
        cmd.Parameters.AddWithValue("$p", prefix);
        using var reader = cmd.ExecuteReader();
        var list = new List<(string, long)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return list;
    }

    public void DeleteSnapshotFiles(string dir)
    {
        var prefix = dir.TrimEnd('/') + "/";
        using var cmd = Command("DELETE FROM snapshot_file WHERE substr(path, 1, length($p)) = $p");
        cmd.Parameters.AddWithValue("$p", prefix);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Rollback();
        _connection.Dispose();
    }

    private static List<StoredRowset> ReadRowsets(SqliteCommand cmd)
    {
        using var reader = cmd.ExecuteReader();
        var list = new List<StoredRowset>();
        while (reader.Read())
        {
            list.Add(new StoredRowset(
                reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetString(5), reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6)));
        }

        return list;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = _transaction;
        return cmd;
    }
}
