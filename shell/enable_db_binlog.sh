#!/usr/bin/env bash
# Enables binlog on a Doris database and on every table of it that is not a view, which the syncer needs
# before it can replicate them. Safe to run again: objects already enabled are left alone.
set -uo pipefail

usage() {
    cat <<'USAGE'
Usage: enable_db_binlog.sh -d DB [-h HOST] [-p PORT] [-u USER] [-P PASSWORD]
  -h  FE host (default 127.0.0.1)    -p  FE query port (default 9030)
  -u  user (default root)            -P  password (default empty)
  -d  database (required)
Needs the mysql or mariadb command-line client.
USAGE
}

host=127.0.0.1
port=9030
user=root
password=""
db=""
while getopts ":h:p:u:P:d:" opt; do
    case "$opt" in
        h) host="$OPTARG" ;;
        p) port="$OPTARG" ;;
        u) user="$OPTARG" ;;
        P) password="$OPTARG" ;;
        d) db="$OPTARG" ;;
        :) echo "enable_db_binlog.sh: -$OPTARG needs a value" >&2; usage >&2; exit 1 ;;
        *) usage >&2; exit 1 ;;
    esac
done
[ -n "$db" ] || { echo "enable_db_binlog.sh: -d DB is required" >&2; usage >&2; exit 1; }

client="$(command -v mysql || command -v mariadb || true)"
[ -n "$client" ] || { echo "enable_db_binlog.sh: neither mysql nor mariadb client is installed" >&2; exit 1; }

# The password travels in the environment, not on the command line where ps shows it.
export MYSQL_PWD="$password"
run_sql() {
    "$client" --no-defaults --protocol=TCP -h "$host" -P "$port" -u "$user" --batch --skip-column-names --raw -e "$1"
}

ident() { printf '`%s`' "${1//\`/\`\`}"; }
# A string literal valid in every sql_mode: quotes doubled, backslashes escaped (as the syncer's DorisSql quoting).
literal() { local s="${1//\\/\\\\}"; s="${s//\'/\'\'}"; printf "'%s'" "$s"; }

enabled='"binlog.enable" = "true"'
properties='"binlog.enable" = "true", "binlog.ttl_seconds" = "86400"'

create_db="$(run_sql "SHOW CREATE DATABASE $(ident "$db")")" || { echo "enable_db_binlog.sh: cannot read database $db on $host:$port" >&2; exit 1; }

tables="$(run_sql "SELECT table_name FROM information_schema.tables WHERE table_schema = $(literal "$db") AND table_type <> 'VIEW'")" \
    || { echo "enable_db_binlog.sh: cannot list the tables of $db" >&2; exit 1; }
changed=0
while IFS= read -r table; do
    [ -n "$table" ] || continue
    create_table="$(run_sql "SHOW CREATE TABLE $(ident "$db").$(ident "$table")")" \
        || { echo "enable_db_binlog.sh: cannot read table $db.$table" >&2; exit 1; }
    case "$create_table" in *"$enabled"*) continue ;; esac
    run_sql "ALTER TABLE $(ident "$db").$(ident "$table") SET ($properties)" \
        || { echo "enable_db_binlog.sh: cannot enable binlog on table $db.$table" >&2; exit 1; }
    echo "table $db.$table binlog enabled"
    changed=1
done <<< "$tables"

case "$create_db" in
    *"$enabled"*) [ "$changed" = 1 ] || echo "db $db binlog is enable" ;;
    *)
        run_sql "ALTER DATABASE $(ident "$db") SET PROPERTIES ($properties)" \
            || { echo "enable_db_binlog.sh: cannot enable binlog on database $db" >&2; exit 1; }
        echo "db $db binlog enabled"
        ;;
esac
