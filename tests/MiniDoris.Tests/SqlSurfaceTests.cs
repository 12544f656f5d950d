namespace MiniDoris.Tests;

/// <summary>Statements clients and the syncer send, with Doris's column names and texts.</summary>
public sealed class SqlSurfaceTests : IDisposable
{
    private readonly EngineHarness _h = new(backends: 3);

    public void Dispose() => _h.Dispose();

    private void CreateSample()
    {
        _h.Sql("""CREATE DATABASE shop PROPERTIES ("binlog.enable" = "true"); USE shop""");
        _h.Sql("""
            CREATE TABLE orders (
              id BIGINT NOT NULL COMMENT "order id",
              dt DATE NOT NULL,
              amount DECIMAL(10, 2) NULL DEFAULT "0",
              note VARCHAR(64) NULL
            ) UNIQUE KEY(id, dt)
            COMMENT "orders table"
            PARTITION BY RANGE(dt) (PARTITION p2024 VALUES LESS THAN ("2025-01-01"))
            DISTRIBUTED BY HASH(id) BUCKETS 2
            PROPERTIES ("replication_num" = "3", "my_custom_prop" = "kept")
            """);
    }

    [Fact]
    public void Show_create_table_prints_the_Doris_form()
    {
        CreateSample();
        var text = _h.Rows("SHOW CREATE TABLE shop.orders")[0][1];
        Assert.Equal("""
            CREATE TABLE `orders` (
              `id` bigint NOT NULL COMMENT "order id",
              `dt` date NOT NULL,
              `amount` decimal(10,2) NULL DEFAULT "0",
              `note` varchar(64) NULL
            ) ENGINE=OLAP
            UNIQUE KEY(`id`, `dt`)
            COMMENT 'orders table'
            PARTITION BY RANGE(`dt`)
            (PARTITION p2024 VALUES [('0000-01-01'), ('2025-01-01')))
            DISTRIBUTED BY HASH(`id`) BUCKETS 2
            PROPERTIES (
            "replication_allocation" = "tag.location.default: 3",
            "min_load_replica_num" = "-1",
            "is_being_synced" = "false",
            "storage_medium" = "hdd",
            "storage_format" = "V2",
            "inverted_index_storage_format" = "V1",
            "enable_unique_key_merge_on_write" = "true",
            "light_schema_change" = "true",
            "disable_auto_compaction" = "false",
            "enable_single_replica_compaction" = "false",
            "group_commit_interval_ms" = "10000",
            "group_commit_data_bytes" = "134217728",
            "binlog.enable" = "true",
            "binlog.ttl_seconds" = "86400",
            "binlog.max_bytes" = "9223372036854775807",
            "binlog.max_history_nums" = "9223372036854775807",
            "my_custom_prop" = "kept"
            );
            """, text);
        Assert.Equal(["Table", "Create Table"], _h.Sql("SHOW CREATE TABLE orders").Columns!.Select(c => c.Name));
        Assert.Equal("""
            CREATE DATABASE `shop`
            PROPERTIES (
            "binlog.enable" = "true",
            "binlog.ttl_seconds" = "86400",
            "binlog.max_bytes" = "9223372036854775807",
            "binlog.max_history_nums" = "9223372036854775807"
            )
            """, _h.Rows("SHOW CREATE DATABASE `shop`")[0][1]);
    }

    [Fact]
    public void Show_proc_walks_dbs_tables_partitions_indexes_and_tablets()
    {
        CreateSample();
        var dbs = _h.Sql("SHOW PROC '/dbs/'");
        Assert.Equal("DbId", dbs.Columns![0].Name);
        Assert.Equal("DbName", dbs.Columns[1].Name);
        var dbId = dbs.Rows.Single(r => r[1] == "shop")[0];
        var tables = _h.Sql($"SHOW PROC '/dbs/{dbId}/'");
        Assert.Equal(["TableId", "TableName", "IndexNum", "PartitionColumnName", "PartitionNum", "State", "Type"], tables.Columns!.Take(7).Select(c => c.Name));
        var tableId = tables.Rows.Single()[0];
        Assert.Equal("orders", tables.Rows.Single()[1]);
        var partitions = _h.Sql($"SHOW PROC '/dbs/{dbId}/{tableId}/partitions'");
        var partitionId = partitions.Value(0, "PartitionId");
        Assert.Equal("[types: [DATEV2]; keys: [0000-01-01]; ..types: [DATEV2]; keys: [2025-01-01]; )", partitions.Value(0, "Range"));
        Assert.Equal("1", partitions.Value(0, "VisibleVersion"));
        var indexes = _h.Sql($"SHOW PROC '/dbs/{dbId}/{tableId}/partitions/{partitionId}'");
        Assert.Equal(["IndexId", "IndexName", "State", "LastConsistencyCheckTime"], indexes.Columns!.Select(c => c.Name));
        Assert.Equal("orders", indexes.Value(0, "IndexName"));
        var tablets = _h.Sql($"SHOW PROC '/dbs/{dbId}/{tableId}/partitions/{partitionId}/{indexes.Value(0, "IndexId")}'");
        Assert.Equal(6, tablets.Rows.Count);
        Assert.Equal(["TabletId", "ReplicaId", "BackendId"], tablets.Columns!.Take(3).Select(c => c.Name));
        var backends = _h.Rows("SHOW BACKENDS").Select(r => r[0]).ToHashSet();
        foreach (var tablet in tablets.Rows.GroupBy(r => r[0]))
        {
            Assert.Equal(backends, tablet.Select(r => r[2]).ToHashSet());
        }

        Assert.Equal([["shop", "orders", dbId]], _h.Rows($"SHOW TABLE {tableId}"));
        Assert.Empty(_h.Rows("SHOW TABLE 1"));
        Assert.Contains("doesn't exist", _h.Fails("SHOW PROC '/dbs/1'").Message);
    }

    [Fact]
    public void Topology_queries()
    {
        var backends = _h.Sql("SHOW BACKENDS");
        Assert.Equal(["BackendId", "Host", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort"], backends.Columns!.Take(6).Select(c => c.Name));
        Assert.Equal(["19060", "19061", "19062"], backends.Rows.Select(r => r[3]));
        Assert.Equal(["18040", "18041", "18042"], backends.Rows.Select(r => r[4]));
        Assert.All(backends.Rows, r => Assert.Equal("true", r[9]));

        var frontends = _h.Sql("select Host, QueryPort, RpcPort, IsMaster from frontends();");
        Assert.Equal(["Host", "QueryPort", "RpcPort", "IsMaster"], frontends.Columns!.Select(c => c.Name));
        Assert.Equal([["127.0.0.1", "19030", "19020", "true"]], frontends.Rows);
        Assert.Equal("19030", _h.Sql("SHOW FRONTENDS").Value(0, "QueryPort"));

        var config = _h.Sql("ADMIN SHOW FRONTEND CONFIG LIKE \"%enable_feature_binlog%\"");
        Assert.Equal(["Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment"], config.Columns!.Select(c => c.Name));
        Assert.Equal("true", config.Value(0, "Value"));
        Assert.Equal("true", _h.Sql("SHOW FRONTEND CONFIG LIKE 'enable_restore_snapshot_rpc_compression'").Value(0, "Value"));
    }

    [Fact]
    public void Client_startup_queries()
    {
        Assert.Equal("Doris version doris-2.1.8-minidoris", _h.Scalar("select @@version_comment limit 1"));
        Assert.Equal("@@version_comment", _h.Sql("select @@version_comment limit 1").Columns![0].Name);
        _h.Sql("SET NAMES utf8mb4");
        _h.Sql("SET sql_mode = 'STRICT_TRANS_TABLES', @@session.query_timeout = 100");
        Assert.Equal("\\N", _h.Scalar("SELECT DATABASE()"));
        Assert.Equal("DATABASE()", _h.Sql("SELECT DATABASE()").Columns![0].Name);
        _h.Sql("CREATE DATABASE d1");
        _h.Sql("USE d1");
        Assert.Equal("d1", _h.Scalar("SELECT DATABASE()"));
        Assert.Equal("100", _h.Rows("SHOW VARIABLES LIKE 'query_timeout'")[0][1]);
        Assert.Equal("5.7.99", _h.Scalar("SELECT version()"));
        Assert.Empty(_h.Rows("SHOW WARNINGS"));
    }

    [Fact]
    public void Show_databases_tables_columns_and_transactions()
    {
        CreateSample();
        Assert.Equal([["shop"]], _h.Rows("SHOW DATABASES LIKE 'shop'"));
        Assert.Contains(["information_schema"], _h.Rows("SHOW DATABASES"));
        _h.Sql("""CREATE TABLE items (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        var tables = _h.Sql("SHOW TABLES FROM `shop` LIKE 'ord%'");
        Assert.Equal("Tables_in_shop", tables.Columns![0].Name);
        Assert.Equal([["orders"]], tables.Rows);
        Assert.Equal(["items", "orders"], _h.Rows("SHOW TABLES").Select(r => r[0]));

        var desc = _h.Sql("DESC orders");
        Assert.Equal(["Field", "Type", "Null", "Key", "Default", "Extra"], desc.Columns!.Select(c => c.Name));
        Assert.Equal("id|bigint|No|true|\\N|", string.Join("|", desc.Rows[0].Select(v => v ?? "\\N")));
        Assert.Equal("amount|decimal(10,2)|Yes|false|0|REPLACE", string.Join("|", desc.Rows[2]));
        Assert.Equal(4, _h.Rows("SHOW COLUMNS FROM orders FROM shop").Count);
        Assert.Equal("Comment", _h.Sql("SHOW FULL COLUMNS FROM orders").Columns![8].Name);
        Assert.Equal("Key_name", _h.Sql("SHOW INDEXES FROM orders").Columns![2].Name);

        var ok = _h.Sql("INSERT INTO orders VALUES (1, '2024-03-01', 9.5, 'first')");
        var txnId = System.Text.RegularExpressions.Regex.Match(ok.Info!, "'txnId':'(\\d+)'").Groups[1].Value;
        var txn = _h.Sql($"SHOW TRANSACTION FROM `shop` WHERE id = {txnId}");
        Assert.Equal(
            ["TransactionId", "Label", "Coordinator", "TransactionStatus", "LoadJobSourceType", "PrepareTime", "PreCommitTime", "CommitTime",
             "PublishTime", "FinishTime", "Reason", "ErrorReplicasCount", "ListenerId", "TimeoutMs", "ErrMsg"],
            txn.Columns!.Select(c => c.Name));
        Assert.Equal("VISIBLE", txn.Value(0, "TransactionStatus"));
        Assert.Contains("does not exist", _h.Fails("SHOW TRANSACTION FROM shop WHERE id = 42").Message);
    }

    [Fact]
    public void Views_are_stored_qualified_and_queryable()
    {
        CreateSample();
        _h.Sql("INSERT INTO orders VALUES (1, '2024-03-01', 9.5, 'a'), (2, '2024-04-01', 1.25, 'b')");
        _h.Sql("CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 5");
        Assert.Equal(["1|9.50"], _h.Lines("SELECT * FROM big_orders"));
        var create = _h.Rows("SHOW CREATE VIEW big_orders")[0][1];
        Assert.Equal("CREATE VIEW `big_orders` AS SELECT id, amount FROM `internal`.`shop`.`orders` WHERE amount > 5;", create);
        Assert.Equal([["big_orders"]],
            _h.Rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop' AND  table_type = 'VIEW'"));
        Assert.Equal("table_name", _h.Sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop'").Columns![0].Name);
        Assert.Contains("is not TABLE", _h.Fails("DROP TABLE big_orders").Message);
        _h.Sql("DROP VIEW big_orders");
        Assert.Equal([["orders"]], _h.Rows("SHOW TABLES"));
    }

    [Fact]
    public void Queries_across_databases_and_functions()
    {
        CreateSample();
        _h.Sql("INSERT INTO orders VALUES (1, '2024-03-01', 9.5, 'a'), (2, '2024-04-01', 1.25, NULL)");
        _h.Sql("CREATE DATABASE other");
        _h.Sql("USE other");
        Assert.Equal(["2|10.75"], _h.Lines("SELECT count(*), sum(amount) FROM shop.orders"));
        Assert.Equal(["1|a", "2|none"], _h.Lines("SELECT o.id, ifnull(o.note, 'none') FROM `shop`.`orders` o ORDER BY o.id"));
        Assert.Equal("count(*)", _h.Sql("SELECT count(*) FROM shop.orders").Columns![0].Name);
        Assert.Equal(["1"], _h.Lines("SELECT id FROM shop.orders WHERE note = \"a\""));
        Assert.Equal(["x1"], _h.Lines("SELECT concat('x', id) FROM shop.orders WHERE id <=> 1"));
    }
    [Theory]
    [InlineData("""
        CREATE TABLE rt (k1 DATE NOT NULL, k2 INT, s BIGINT SUM DEFAULT "0", r VARCHAR(8) REPLACE_IF_NOT_NULL NULL COMMENT "r")
        AGGREGATE KEY(k1, k2)
        PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("2024-01-01"), PARTITION p2 VALUES [("2024-01-01"), (MAXVALUE)))
        DISTRIBUTED BY HASH(k2) BUCKETS 3 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true", "binlog.ttl_seconds" = "100")
        """)]
    [InlineData("""
        CREATE TABLE rt (city VARCHAR(10), ts DATETIME(6) DEFAULT CURRENT_TIMESTAMP, n DOUBLE)
        DUPLICATE KEY(city)
        COMMENT "list table"
        PARTITION BY LIST(city) (PARTITION p_a VALUES IN ("a", "b"), PARTITION p_c VALUES IN ("c"))
        DISTRIBUTED BY RANDOM BUCKETS AUTO PROPERTIES ("replication_num" = "1")
        """)]
    [InlineData("""
        CREATE TABLE rt (id LARGEINT, flag BOOLEAN, c CHAR(3), d DECIMAL(20, 6)) UNIQUE KEY(id)
        DISTRIBUTED BY HASH(id) PROPERTIES ("replication_num" = "1", "light_schema_change" = "true")
        """)]
    public void Show_create_table_text_recreates_the_same_table(string ddl)
    {
        _h.Sql("CREATE DATABASE rt_db; USE rt_db");
        _h.Sql(ddl);
        var text = _h.Rows("SHOW CREATE TABLE rt")[0][1]!;
        var partitions = _h.Rows("SHOW PARTITIONS FROM rt").Select(r => r[6]).ToList();
        _h.Sql("DROP TABLE rt");
        _h.Sql(text);
        Assert.Equal(text, _h.Rows("SHOW CREATE TABLE rt")[0][1]);
        Assert.Equal(partitions, _h.Rows("SHOW PARTITIONS FROM rt").Select(r => r[6]));
    }
}
