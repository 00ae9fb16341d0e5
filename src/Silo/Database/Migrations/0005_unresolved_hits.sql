-- A hit whose token could not be resolved in time is logged with its token and entity_id 0, and
-- resolved by the log tailer (PartitionTailerGrain) before anything is counted or shown.
ALTER TABLE mt_hit_log ADD COLUMN IF NOT EXISTS token text NULL;
