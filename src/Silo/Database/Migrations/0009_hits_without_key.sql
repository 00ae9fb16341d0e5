-- A hit id is no longer a key of mt_hits: its unique index cost every group commit an index insert per hit,
-- only to catch a batch written twice. The writer now knows its transaction's id before it commits, and a
-- commit whose answer was lost is looked up (pg_xact_status) instead of written again (GroupCommitWriter, LostCommitResolver).
-- Discarded rows are deleted by hit id within the range their tailer read (ix_mt_hits_tail).
ALTER TABLE mt_hits DROP CONSTRAINT IF EXISTS pk_mt_hits;
