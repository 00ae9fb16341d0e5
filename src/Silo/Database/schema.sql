-- The schema that src/Silo/Database/Migrations/*.sql produce on an empty database (PostgreSQL 15):
-- pg_dump --schema-only --no-owner --no-privileges, normalised. For reading and review only: silos apply
-- the migrations, never this file. Regenerate it with
--   MAILTRACKER_WRITE_SCHEMA=1 dotnet test tests/MailTracker.Tests --filter "FullyQualifiedName~SchemaFile"

CREATE TABLE public.mt_analytics (
    tracking_id bigint NOT NULL,
    bucket timestamp with time zone NOT NULL,
    account_id bigint NOT NULL,
    opens bigint DEFAULT 0 NOT NULL,
    bot_opens bigint DEFAULT 0 NOT NULL,
    proxy_opens bigint DEFAULT 0 NOT NULL,
    clicks bigint DEFAULT 0 NOT NULL,
    bot_clicks bigint DEFAULT 0 NOT NULL,
    unique_opens bigint DEFAULT 0 NOT NULL,
    unique_clicks bigint DEFAULT 0 NOT NULL,
    tracks bigint DEFAULT 0 NOT NULL,
    bounced bigint DEFAULT 0 NOT NULL,
    unsubscribed bigint DEFAULT 0 NOT NULL
)
WITH (fillfactor='50');

CREATE TABLE public.mt_analytics_breakdowns (
    tracking_id bigint NOT NULL,
    span smallint NOT NULL,
    bucket timestamp with time zone NOT NULL,
    key text NOT NULL,
    account_id bigint NOT NULL,
    opens bigint DEFAULT 0 NOT NULL
)
WITH (fillfactor='50');

CREATE TABLE public.mt_email_outbox (
    email_id bigint NOT NULL,
    recipient_token text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    due timestamp with time zone NOT NULL
);

CREATE TABLE public.mt_emails (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    status text NOT NULL,
    from_address text NOT NULL,
    to_addresses text[] NOT NULL,
    tags text[] NOT NULL,
    document jsonb NOT NULL,
    test boolean DEFAULT false NOT NULL,
    tracking_id bigint DEFAULT 0 NOT NULL,
    sent integer DEFAULT 0 NOT NULL,
    delivered integer DEFAULT 0 NOT NULL,
    bounced integer DEFAULT 0 NOT NULL
);

CREATE TABLE public.mt_hit_counts (
    kind smallint NOT NULL,
    entity_id bigint NOT NULL,
    total bigint NOT NULL,
    bots bigint NOT NULL
);

CREATE TABLE public.mt_hit_data (
    seq bigint NOT NULL,
    hit_id uuid NOT NULL,
    kind smallint NOT NULL,
    entity_id bigint NOT NULL,
    tracking_id bigint NOT NULL,
    account_id bigint NOT NULL,
    date timestamp with time zone,
    ip_address text,
    ip_hash text,
    user_agent text,
    custom_data text,
    recipient_id bigint,
    bot boolean NOT NULL
);

ALTER TABLE public.mt_hit_data ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mt_hit_data_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.mt_hit_log (
    seq bigint NOT NULL,
    xid bigint DEFAULT ((pg_current_xact_id())::text)::bigint NOT NULL,
    partition smallint NOT NULL,
    hit_id uuid NOT NULL,
    kind smallint NOT NULL,
    entity_id bigint NOT NULL,
    tracking_id bigint NOT NULL,
    account_id bigint NOT NULL,
    date timestamp with time zone,
    ip_address text,
    ip_hash text,
    user_agent text,
    custom_data text,
    recipient_id bigint,
    bot boolean NOT NULL,
    token text
);

ALTER TABLE public.mt_hit_log ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mt_hit_log_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.mt_hit_pages (
    kind smallint NOT NULL,
    entity_id bigint NOT NULL,
    upto_xid bigint NOT NULL,
    upto_seq bigint NOT NULL,
    partition smallint NOT NULL,
    hits integer NOT NULL,
    xids bigint[] NOT NULL,
    seqs bigint[] NOT NULL
);

CREATE TABLE public.mt_hits (
    seq bigint NOT NULL,
    xid bigint DEFAULT ((pg_current_xact_id())::text)::bigint NOT NULL,
    partition smallint NOT NULL,
    hit_id uuid NOT NULL,
    kind smallint NOT NULL,
    entity_id bigint NOT NULL,
    tracking_id bigint NOT NULL,
    account_id bigint NOT NULL,
    date timestamp with time zone,
    ip_address text,
    ip_hash text,
    user_agent text,
    custom_data text,
    recipient_id bigint,
    bot boolean NOT NULL,
    token text,
    recipient_token text,
    bot_reason text,
    proxy text,
    rules_version text
);

CREATE TABLE public.mt_hits_paged (
    partition smallint NOT NULL,
    xid bigint NOT NULL,
    seq bigint NOT NULL
);

ALTER TABLE public.mt_hits ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mt_hits_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE SEQUENCE public.mt_id_blocks
    START WITH 64
    INCREMENT BY 64
    MINVALUE 64
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.mt_idempotency_keys (
    account_id bigint NOT NULL,
    idempotency_key text NOT NULL,
    request_hash bytea NOT NULL,
    reservation uuid NOT NULL,
    status smallint,
    headers jsonb,
    body bytea,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.mt_log_positions (
    partition smallint NOT NULL,
    xid bigint NOT NULL,
    seq bigint NOT NULL
);

CREATE SEQUENCE public.mt_recipient_updates
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.mt_recipients (
    id bigint NOT NULL,
    token text NOT NULL,
    tracking_id bigint NOT NULL,
    account_id bigint NOT NULL,
    email text NOT NULL,
    name text,
    subject text,
    created timestamp with time zone DEFAULT now() NOT NULL,
    first_open timestamp with time zone,
    first_bot_open timestamp with time zone,
    first_click timestamp with time zone,
    first_bot_click timestamp with time zone,
    unsubscribed timestamp with time zone,
    bounced timestamp with time zone,
    opens bigint DEFAULT 0 NOT NULL,
    bot_opens bigint DEFAULT 0 NOT NULL,
    clicks bigint DEFAULT 0 NOT NULL,
    bot_clicks bigint DEFAULT 0 NOT NULL,
    last_update timestamp with time zone DEFAULT now() NOT NULL,
    update_xid bigint DEFAULT ((pg_current_xact_id())::text)::bigint NOT NULL,
    update_seq bigint DEFAULT nextval('public.mt_recipient_updates'::regclass) NOT NULL,
    deleted timestamp with time zone
);

CREATE TABLE public.mt_schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.mt_settings (
    name text NOT NULL,
    value bytea NOT NULL
);

CREATE TABLE public.mt_unique_opens (
    entity_id bigint NOT NULL,
    ip_hash text NOT NULL,
    hit_id uuid NOT NULL
);

CREATE TABLE public.mt_webhook_attempts (
    id bigint NOT NULL,
    webhook_id bigint NOT NULL,
    event_id uuid NOT NULL,
    event text NOT NULL,
    attempt integer NOT NULL,
    at timestamp with time zone NOT NULL,
    status_code integer,
    duration_ms bigint NOT NULL,
    error text,
    delivered boolean NOT NULL
);

ALTER TABLE public.mt_webhook_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mt_webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.mt_webhook_cursors (
    webhook_id bigint NOT NULL,
    kind smallint NOT NULL,
    xid bigint NOT NULL,
    seq bigint NOT NULL
);

CREATE TABLE public.mt_webhook_outbox (
    webhook_id bigint NOT NULL,
    event_id uuid NOT NULL,
    event text NOT NULL,
    occurred timestamp with time zone NOT NULL,
    data text NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt timestamp with time zone DEFAULT now() NOT NULL,
    done boolean DEFAULT false NOT NULL
);

CREATE TABLE public.orleansmembershiptable (
    deploymentid character varying(150) NOT NULL,
    address character varying(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname character varying(150) NOT NULL,
    hostname character varying(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer,
    suspecttimes text,
    starttime timestamp(3) with time zone NOT NULL,
    iamalivetime timestamp(3) with time zone NOT NULL
);

CREATE TABLE public.orleansmembershipversiontable (
    deploymentid character varying(150) NOT NULL,
    "timestamp" timestamp(3) with time zone DEFAULT now() NOT NULL,
    version integer DEFAULT 0 NOT NULL
);

CREATE TABLE public.orleansquery (
    querykey character varying(64) NOT NULL,
    querytext text NOT NULL
);

CREATE TABLE public.orleansreminderstable (
    serviceid character varying(150) NOT NULL,
    grainid character varying(512) NOT NULL,
    remindername character varying(150) NOT NULL,
    starttime timestamp(3) with time zone NOT NULL,
    period bigint NOT NULL,
    grainhash integer NOT NULL,
    version integer NOT NULL
);

CREATE TABLE public.orleansstorage (
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid character varying(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp with time zone DEFAULT now() NOT NULL,
    version integer NOT NULL
);

ALTER TABLE ONLY public.mt_schema_migrations
    ADD CONSTRAINT mt_schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.mt_settings
    ADD CONSTRAINT mt_settings_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.mt_analytics
    ADD CONSTRAINT pk_mt_analytics PRIMARY KEY (tracking_id, bucket);

ALTER TABLE ONLY public.mt_analytics_breakdowns
    ADD CONSTRAINT pk_mt_analytics_breakdowns PRIMARY KEY (tracking_id, span, bucket, key);

ALTER TABLE ONLY public.mt_email_outbox
    ADD CONSTRAINT pk_mt_email_outbox PRIMARY KEY (email_id, recipient_token);

ALTER TABLE ONLY public.mt_emails
    ADD CONSTRAINT pk_mt_emails PRIMARY KEY (id);

ALTER TABLE ONLY public.mt_hit_counts
    ADD CONSTRAINT pk_mt_hit_counts PRIMARY KEY (kind, entity_id);

ALTER TABLE ONLY public.mt_hit_data
    ADD CONSTRAINT pk_mt_hit_data PRIMARY KEY (hit_id);

ALTER TABLE ONLY public.mt_hit_log
    ADD CONSTRAINT pk_mt_hit_log PRIMARY KEY (seq);

ALTER TABLE ONLY public.mt_hit_pages
    ADD CONSTRAINT pk_mt_hit_pages PRIMARY KEY (kind, entity_id, upto_xid, upto_seq) INCLUDE (hits);

ALTER TABLE ONLY public.mt_hits_paged
    ADD CONSTRAINT pk_mt_hits_paged PRIMARY KEY (partition);

ALTER TABLE ONLY public.mt_idempotency_keys
    ADD CONSTRAINT pk_mt_idempotency_keys PRIMARY KEY (account_id, idempotency_key);

ALTER TABLE ONLY public.mt_log_positions
    ADD CONSTRAINT pk_mt_log_positions PRIMARY KEY (partition);

ALTER TABLE ONLY public.mt_recipients
    ADD CONSTRAINT pk_mt_recipients PRIMARY KEY (id);

ALTER TABLE ONLY public.mt_unique_opens
    ADD CONSTRAINT pk_mt_unique_opens PRIMARY KEY (entity_id, ip_hash);

ALTER TABLE ONLY public.mt_webhook_attempts
    ADD CONSTRAINT pk_mt_webhook_attempts PRIMARY KEY (id);

ALTER TABLE ONLY public.mt_webhook_cursors
    ADD CONSTRAINT pk_mt_webhook_cursors PRIMARY KEY (webhook_id, kind);

ALTER TABLE ONLY public.mt_webhook_outbox
    ADD CONSTRAINT pk_mt_webhook_outbox PRIMARY KEY (webhook_id, event_id);

ALTER TABLE ONLY public.orleansmembershiptable
    ADD CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation);

ALTER TABLE ONLY public.orleansmembershipversiontable
    ADD CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid);

ALTER TABLE ONLY public.orleansquery
    ADD CONSTRAINT pk_orleansquery PRIMARY KEY (querykey);

ALTER TABLE ONLY public.orleansreminderstable
    ADD CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername);

ALTER TABLE ONLY public.mt_recipients
    ADD CONSTRAINT uq_mt_recipients_email UNIQUE (tracking_id, email);

ALTER TABLE ONLY public.mt_recipients
    ADD CONSTRAINT uq_mt_recipients_token UNIQUE (token);

CREATE INDEX ix_mt_analytics_account ON public.mt_analytics USING btree (account_id, bucket);

CREATE INDEX ix_mt_analytics_breakdowns_account ON public.mt_analytics_breakdowns USING btree (account_id, span, bucket);

CREATE INDEX ix_mt_email_outbox_due ON public.mt_email_outbox USING btree (due);

CREATE INDEX ix_mt_emails_account ON public.mt_emails USING btree (account_id, created_at DESC, id DESC);

CREATE INDEX ix_mt_emails_sends ON public.mt_emails USING btree (account_id, created_at) INCLUDE (tracking_id, sent, delivered, bounced) WHERE (NOT test);

CREATE INDEX ix_mt_hit_data_entity ON public.mt_hit_data USING btree (kind, entity_id, seq);

CREATE INDEX ix_mt_hit_log_tail ON public.mt_hit_log USING btree (partition, xid, seq);

CREATE INDEX ix_mt_hits_feed ON public.mt_hits USING btree (account_id, kind, xid, seq);

CREATE INDEX ix_mt_hits_recipient ON public.mt_hits USING btree (recipient_id, xid, seq) WHERE (recipient_id IS NOT NULL);

CREATE INDEX ix_mt_hits_tail ON public.mt_hits USING btree (partition, xid, seq);

CREATE INDEX ix_mt_idempotency_keys_expiry ON public.mt_idempotency_keys USING btree (expires_at);

CREATE INDEX ix_mt_recipients_account ON public.mt_recipients USING btree (account_id, id);

CREATE INDEX ix_mt_recipients_account_updates ON public.mt_recipients USING btree (account_id, update_xid, update_seq) WHERE (deleted IS NULL);

CREATE INDEX ix_mt_recipients_events ON public.mt_recipients USING btree (account_id, update_xid, update_seq) WHERE ((unsubscribed IS NOT NULL) OR (bounced IS NOT NULL));

CREATE INDEX ix_mt_recipients_updates ON public.mt_recipients USING btree (tracking_id, update_xid, update_seq);

CREATE INDEX ix_mt_webhook_attempts_webhook ON public.mt_webhook_attempts USING btree (webhook_id, id);

CREATE INDEX ix_mt_webhook_outbox_due ON public.mt_webhook_outbox USING btree (webhook_id, next_attempt) WHERE (NOT done);

CREATE INDEX ix_orleansreminderstable_range ON public.orleansreminderstable USING btree (serviceid, grainhash);

CREATE UNIQUE INDEX ux_orleansstorage_grain ON public.orleansstorage USING btree (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring) NULLS NOT DISTINCT;

ALTER TABLE ONLY public.orleansmembershiptable
    ADD CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid) REFERENCES public.orleansmembershipversiontable(deploymentid);
