#!/bin/sh
# First start of the compose PostgreSQL: three roles, so that the access log is guarded by
# privileges (README "Security"):
#   kcc_eigenaar  owns the database and its tables; runs migrate (the migrate service)
#   kcc_app       the web, worker and beat connections: all tables, the log only SELECT/INSERT
#   kcc_bewaar    owns the retention function, the only way to remove log rows (past the term)
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE kcc_eigenaar LOGIN PASSWORD '${KCC_EIGENAAR_PASSWORD}';
CREATE ROLE kcc_app LOGIN PASSWORD '${KCC_APP_PASSWORD}';
CREATE ROLE kcc_bewaar NOLOGIN;
GRANT kcc_bewaar TO kcc_eigenaar;
CREATE DATABASE kcc OWNER kcc_eigenaar;
REVOKE ALL ON DATABASE kcc FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE kcc TO kcc_app;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname kcc <<SQL
ALTER SCHEMA public OWNER TO kcc_eigenaar;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
