-- MailTracker: PostgreSQL schema for the Orleans ADO.NET providers (Invariant "Npgsql"), written for
-- Microsoft.Orleans.Clustering.AdoNet, .Persistence.AdoNet and .Reminders.AdoNet 10.4.2.
--
-- How the providers use the database
--   * Each provider reads its SQL from OrleansQuery at start-up (QueryKey -> QueryText) and runs
--     nothing else. Clustering and reminders throw "Not all required queries found" when a key is
--     missing, so every key below is required, except DeleteStorageKey (needed only when
--     DeleteStateOnClear = true; shipped anyway).
--   * The providers bind parameters by name (@Name) and read result columns by name,
--     case-insensitively. PostgreSQL folds unquoted identifiers to lower case, so the CamelCase
--     names below are only for readability.
--   * Every parameter arrives typed (int4, int8, text, bytea, timestamptz) even when it is NULL, so
--     the query texts need no casts.
--
-- Re-runnable: only IF NOT EXISTS DDL and upserts of the query texts. There is no BEGIN/COMMIT:
-- DatabaseMigrator runs the whole file inside its own transaction, under its advisory lock.
-- Nothing is schema-qualified, so the tables go wherever the connection's search_path points.
--
-- All the query texts are single SQL statements (data-modifying CTEs), not PL/pgSQL functions.
-- Where a write spans two tables, the statement first locks the row it depends on, so a failed
-- check leaves nothing to undo.


-- ---------------------------------------------------------------------------------------------
-- Query registry
-- ---------------------------------------------------------------------------------------------

-- Clustering and reminders run "SELECT QueryKey, QueryText FROM OrleansQuery" and read every row.
-- Storage reads only its own keys. Extra rows don't matter.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);


-- ---------------------------------------------------------------------------------------------
-- Clustering (membership)
-- ---------------------------------------------------------------------------------------------

-- One row per cluster (the provider's "DeploymentId" is ClusterOptions.ClusterId). Version is
-- the table-wide optimistic-concurrency token of the membership protocol: every successful
-- insert or update of a silo row must increase it by one, and a write with a stale Version must
-- change nothing and report failure.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation: address, port and generation (start ticks) identify a silo.
-- Status is Orleans' SiloStatus (3 = Active, 6 = Dead). SuspectTimes is the provider's own
-- "silo,date|silo,date" text and can get long in a big cluster, so it is text.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes text           NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);


-- ---------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------

-- The 10.4.2 storage provider writes and reads a single payload column, PayloadBinary (bytea).
-- It holds whatever the configured IGrainStorageSerializer produced; with
-- SystemTextJsonGrainStorageSerializer that is UTF-8 JSON, so convert_from(PayloadBinary, 'UTF8')
-- shows the state. There is no json/xml column because the provider never touches one.
--
-- Key columns, as the provider derives them from the GrainId:
--   integer key (+ext):  N0 = 0,              N1 = the long,         ExtensionString = ext or NULL
--   Guid key (+ext):     N0/N1 = the Guid's 16 bytes as two longs,   ExtensionString = ext or NULL
--   other string keys:   N0 = 0, N1 = 0,                             ExtensionString = the key
--   GrainIdHash / GrainTypeHash: Orleans' StableHash over the key bytes / the type name. They only
--   narrow the index search; the full key is always compared as well.
-- A NULL payload with a version means "cleared" (ClearStateAsync without DeleteStateOnClear).
-- Version is the ETag: every write or clear adds one, and a write whose version is stale changes
-- nothing.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- Upstream has only a plain (non-unique) index here, so two activations of the same grain (e.g.
-- during a split brain) could both insert a first row, and later reads would fail on the
-- duplicate. The unique index makes the first-write race lose cleanly: ON CONFLICT DO NOTHING,
-- and the provider raises InconsistentStateException. NULLS NOT DISTINCT (PostgreSQL 15+) makes
-- NULL extension strings count as equal. The hashes come first because the lookups filter on them.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1,
                       GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;


-- ---------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------

-- GrainId is GrainId.ToString() ("type/key"). It is 512 wide (upstream: 150) because long
-- string keys plus the grain type name don't fit in 150. Period is milliseconds; the provider
-- reads it with GetInt64, so the column must be bigint. GrainHash is the grain's uniform hash
-- (a uint) cast to int, so ranges are compared as signed ints, like the provider does.
-- Version is the reminder's ETag.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(512)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Every silo regularly loads the reminders of its hash ring range.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_Range
    ON OrleansRemindersTable (ServiceId, GrainHash);


-- =============================================================================================
-- Query texts. Dollar quoting keeps each text exactly as written, without escaped quotes.
-- Inside the texts, comments must not contain an at-sign (Npgsql would take it for a
-- parameter).
-- =============================================================================================

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES

-- ---------------------------------------------------------------- clustering -----------------

-- Runs once per silo start. Creates the cluster's version row if it is missing. Returns one
-- column: 1 if this call created the row, else 0.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Inserted FROM created;
$q$),

-- Adds a silo row if the table version is still @Version and the row is new, and bumps the
-- version in the same statement. Returns 1 or 0.
--   1. "expected" locks the version row, but only if it still has the expected version. Under
--      READ COMMITTED a writer that had to wait re-checks the newest row, so of two writers with
--      the same version only the first gets through.
--   2. "added" inserts only if step 1 returned a row. If the silo key already exists nothing is
--      inserted...
--   3. ...and "bumped" then changes nothing either, so a failure leaves no partial write.
('InsertMembershipKey', $q$
WITH expected AS (
    SELECT v.DeploymentId
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
    FOR UPDATE
), added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT e.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected AS e
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
    RETURNING DeploymentId
), bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1,
        Timestamp = now()
    FROM added AS a
    WHERE v.DeploymentId = a.DeploymentId
    RETURNING 1
)
SELECT count(*)::integer AS Succeeded FROM bumped;
$q$),

-- Same pattern as InsertMembershipKey: the silo row changes only under the expected table
-- version, and the version goes up only when the silo row changed. Returns 1 or 0.
('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT v.DeploymentId
    FROM OrleansMembershipVersionTable AS v
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
    FOR UPDATE
), changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = @IAmAliveTime
    FROM expected AS e
    WHERE m.DeploymentId = e.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
    RETURNING m.DeploymentId
), bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET Version = v.Version + 1,
        Timestamp = now()
    FROM changed AS c
    WHERE v.DeploymentId = c.DeploymentId
    RETURNING 1
)
SELECT count(*)::integer AS Succeeded FROM bumped;
$q$),

-- The heartbeat. It doesn't take part in the version protocol, and the provider ignores its
-- result.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation;
$q$),

-- One silo's row, read together with the table version. The LEFT JOIN returns the version row
-- even when the silo has no row (StartTime is then NULL, which the provider reads as "no
-- entry"). The provider fails if there are no rows at all, but the version row is created at
-- start-up.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Every silo of the cluster, each row carrying the same table version.
('MembershipReadAllKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Clients list the gateways from this: active silos with a gateway port (provider passes
-- Status = 3). Columns: Address, ProxyPort, Generation.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;
$q$),

-- Drops a whole cluster (tests, tooling). Silo rows first, because of the foreign key.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- MembershipTableCleanupAgent removes long-gone silos (by default not heard from for 7 days,
-- DefunctSiloExpiration). Active rows are always kept, as in upstream. The table version is
-- left alone: a missing dead row means the same to the protocol as a present one.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND IAmAliveTime < @IAmAliveTime
  AND Status <> 3;
$q$),

-- ---------------------------------------------------------------- grain storage --------------

-- Columns read by name: PayloadBinary (NULL = no state / cleared) and Version (the ETag).
-- No row means "never written".
('ReadFromStorageKey', $q$
SELECT s.PayloadBinary,
       now() AS ReadOn,
       s.Version
FROM OrleansStorage AS s
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.ServiceId = @ServiceId
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Writes state. Must return NewGrainStateVersion = the new ETag on success. On a conflict it
-- returns no row: the provider then sees no new version (or the old one) and raises
-- InconsistentStateException.
--   * With an ETag (@GrainStateVersion not NULL): update only the row still at that version.
--   * Without one (state never read from an existing row): insert version 1. If the row
--     exists, or a concurrent activation inserts it first, the unique index makes ON CONFLICT
--     skip it.
-- Only one of the two CTEs can do anything for a given call.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage AS s
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = now(),
        Version = s.Version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND s.GrainIdHash = @GrainIdHash
      AND s.GrainTypeHash = @GrainTypeHash
      AND s.ServiceId = @ServiceId
      AND s.GrainIdN0 = @GrainIdN0
      AND s.GrainIdN1 = @GrainIdN1
      AND s.GrainTypeString = @GrainTypeString
      AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND s.Version = @GrainStateVersion
    RETURNING s.Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT Version FROM inserted;
$q$),

-- ClearStateAsync (default, DeleteStateOnClear = false): keep the row and its version history,
-- drop the payload, bump the version. Returns the new version, or no row if the ETag was stale.
('ClearStorageKey', $q$
UPDATE OrleansStorage AS s
SET PayloadBinary = NULL,
    ModifiedOn = now(),
    Version = s.Version + 1
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.ServiceId = @ServiceId
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.Version = @GrainStateVersion
RETURNING s.Version AS NewGrainStateVersion;
$q$),

-- ClearStateAsync with DeleteStateOnClear = true: remove the row. The provider compares the
-- result with the ETag it sent, so it must get something different back: deleted version + 1.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage AS s
WHERE s.GrainIdHash = @GrainIdHash
  AND s.GrainTypeHash = @GrainTypeHash
  AND s.ServiceId = @ServiceId
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.Version = @GrainStateVersion
RETURNING s.Version + 1 AS NewGrainStateVersion;
$q$),

-- ---------------------------------------------------------------- reminders ------------------

-- Register or replace a reminder. Returns Version = the new ETag (0 for a new reminder).
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version = r.Version + 1
RETURNING r.Version AS Version;
$q$),

-- All reminders of one grain.
('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId;
$q$),

-- One reminder (zero or one row).
('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId
  AND ReminderName = @ReminderName;
$q$),

-- A hash-ring range (BeginHash, EndHash] that does not wrap (provider checks
-- (int)begin < (int)end).
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;
$q$),

-- A hash-ring range that wraps past the top of the int range.
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

-- Unregister a reminder only if it is still at the caller's ETag. Returns one column: 1 if
-- deleted, 0 if not (already gone or stale ETag).
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS Deleted FROM removed;
$q$),

-- Remove every reminder of the service (tests, tooling).
('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
