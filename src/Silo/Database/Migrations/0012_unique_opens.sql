-- uniqueOpensOnly: which hit claimed each address (salted IP hash) of a pixel or link. The partition tailer looks claims up
-- (with a bounded cache in front) instead of each grain holding every hash it has seen, and writes a page's new claims in its
-- one consumption transaction, so a claim exists exactly when its hit counts. The key refuses a second claim of an address;
-- hit_id makes a page decided again give the same answer. Entity ids are unique across pixels and links, so no kind.
-- Rows of hits counted while uniqueOpensOnly was off are claimed from mt_hits when it is switched on (the grain's first
-- unique-only decision); deleting the entity deletes its claims with its hits.
CREATE TABLE IF NOT EXISTS mt_unique_opens (
    entity_id bigint NOT NULL,
    ip_hash   text   NOT NULL,
    hit_id    uuid   NOT NULL,

    CONSTRAINT pk_mt_unique_opens PRIMARY KEY (entity_id, ip_hash)
);
