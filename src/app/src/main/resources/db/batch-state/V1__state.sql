-- The integration's state, shared by its instances (BATCH_STATE_JDBC_URL). Times are epoch
-- milliseconds, as the integration's records carry them.

-- Small named records: the indexing tokens of each inbox file (kind 'tokens'), the inbox files
-- settled (kind 'settled'); body is the record's JSON.
CREATE TABLE state_record (
    kind       TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    written_at BIGINT NOT NULL,
    PRIMARY KEY (kind, name)
);

-- Sync snapshots: which generation of each key is the committed one, and the bytes of every
-- generation in chunks. A new generation is pending until its commit swaps it in, in one
-- transaction; a pending row left behind says that its writer died.
CREATE SEQUENCE sync_snapshot_generation;

CREATE TABLE sync_snapshot (
    snapshot_key TEXT   PRIMARY KEY,
    generation   BIGINT NOT NULL,
    committed_at BIGINT NOT NULL
);

CREATE TABLE sync_snapshot_pending (
    generation   BIGINT PRIMARY KEY,
    snapshot_key TEXT   NOT NULL,
    started_at   BIGINT NOT NULL
);
CREATE INDEX sync_snapshot_pending_key ON sync_snapshot_pending (snapshot_key);

CREATE TABLE sync_snapshot_chunk (
    generation BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    data       BYTEA   NOT NULL,
    PRIMARY KEY (generation, seq)
);
