-- Procurios' global recipients list: an account's recipients of all its mail trackings, in update order (the same
-- (update_xid, update_seq) order and snapshot rule as a tracking's list, ix_mt_recipients_updates). Deleted recipients
-- are never listed, so the index leaves them out. Additive.
CREATE INDEX IF NOT EXISTS ix_mt_recipients_account_updates ON mt_recipients (account_id, update_xid, update_seq) WHERE deleted IS NULL;
