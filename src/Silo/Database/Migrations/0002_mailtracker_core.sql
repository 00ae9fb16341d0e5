-- MailTracker's own core tables. Migrations are additive (new tables, new nullable columns) unless one
-- says otherwise in its comment (0009), so that silos of the previous version keep working during a rolling restart.

-- Cluster-wide settings that every silo must share, e.g. the id scrambling key.
CREATE TABLE IF NOT EXISTS mt_settings (
    name  text  PRIMARY KEY,
    value bytea NOT NULL
);

-- Each nextval reserves a block of 64 consecutive counters for one silo (PostgresIdGenerator.BlockSize).
CREATE SEQUENCE IF NOT EXISTS mt_id_blocks START WITH 64 INCREMENT BY 64 MINVALUE 64;
