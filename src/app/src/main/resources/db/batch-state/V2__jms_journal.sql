-- The JMS event journal (EventJournal) shared by the instances: each batch of one audience's
-- events, owned by the run that took them; each run's heartbeat, by the database's clock.
CREATE SEQUENCE jms_seq;

CREATE TABLE jms_batch (
    id        TEXT    PRIMARY KEY,
    audience  TEXT    NOT NULL,
    completed BOOLEAN NOT NULL,
    first_seq BIGINT  NOT NULL,
    owner     TEXT    NOT NULL
);
CREATE INDEX jms_batch_audience ON jms_batch (audience, first_seq);
CREATE INDEX jms_batch_owner ON jms_batch (owner);

CREATE TABLE jms_event (
    seq      BIGINT PRIMARY KEY,
    batch_id TEXT   NOT NULL,
    event    TEXT   NOT NULL
);
CREATE INDEX jms_event_batch ON jms_event (batch_id, seq);

CREATE TABLE jms_instance (
    id           TEXT   PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL
);
