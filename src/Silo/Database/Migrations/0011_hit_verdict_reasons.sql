-- Every hit's verdict with its reason: bot_reason (a stable code such as apple-mpp or security-scanner; null for a person),
-- proxy (the provider's image proxy a person's open came through, such as gmail) and the classification rules' version
-- the verdict was judged under, so that hits can be judged again when the rules change. Null on rows judged before.
ALTER TABLE mt_hits ADD COLUMN IF NOT EXISTS bot_reason text NULL;
ALTER TABLE mt_hits ADD COLUMN IF NOT EXISTS proxy text NULL;
ALTER TABLE mt_hits ADD COLUMN IF NOT EXISTS rules_version text NULL;
