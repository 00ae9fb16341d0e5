-- The raw ?r= recipient token of a hit logged before its token could be resolved (entity_id 0): the tailer attributes
-- it to its recipient when it resolves the hit, with the same policy as at request time. Null on every other row.
ALTER TABLE mt_hits ADD COLUMN IF NOT EXISTS recipient_token text NULL;
