-- Accounts. Passwords are slow hashes (bcrypt through Spring Security's delegating encoder).
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      varchar(150) NOT NULL CONSTRAINT users_username_key UNIQUE,
    password_hash text         NOT NULL,
    role          text         NOT NULL CONSTRAINT users_role_check CHECK (role IN ('driver', 'manager', 'admin')),
    active        boolean      NOT NULL DEFAULT true,
    date_joined   timestamptz  NOT NULL DEFAULT now()
);

-- One API key per user, as DRF's TokenAuthentication. Only the SHA-256 of the key is stored:
-- the key carries 160 random bits, so a fast hash is enough and keeps every request cheap.
CREATE TABLE api_tokens (
    user_id  bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_hash bytea       NOT NULL CONSTRAINT api_tokens_key_hash_key UNIQUE,
    created  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CONSTRAINT sites_kind_check CHECK (kind IN ('factory', 'distribution', 'store')),
    name text NOT NULL,
    CONSTRAINT sites_kind_name_key UNIQUE (kind, name),
    -- Target of the (site, kind) foreign keys below, so the database itself refuses a store where a
    -- distribution centre belongs.
    CONSTRAINT sites_id_kind_key UNIQUE (id, kind)
);

CREATE TABLE labels (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    factory_id   bigint      NOT NULL,
    factory_kind text        NOT NULL DEFAULT 'factory' CONSTRAINT labels_factory_kind_check CHECK (factory_kind = 'factory'),
    code         text        NOT NULL,
    created_date timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT labels_factory_code_key UNIQUE (factory_id, code),
    CONSTRAINT labels_factory_fkey FOREIGN KEY (factory_id, factory_kind) REFERENCES sites (id, kind) ON DELETE CASCADE
);

-- Phases follow the original ScanPhaseChoice: 0 unknown, 1 factory, 2 distribution, 3 store.
-- The UNIQUE (label_id, phase) constraint is the only judge of a duplicate scan.
CREATE TABLE scans (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          bigint           NOT NULL CONSTRAINT scans_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    label_id         bigint           NOT NULL CONSTRAINT scans_label_id_fkey REFERENCES labels (id) ON DELETE CASCADE,
    phase            smallint         NOT NULL DEFAULT 0 CONSTRAINT scans_phase_check CHECK (phase BETWEEN 0 AND 3),
    distribution_id  bigint,
    distribution_kind text            NOT NULL DEFAULT 'distribution' CONSTRAINT scans_distribution_kind_check CHECK (distribution_kind = 'distribution'),
    store_id         bigint,
    store_kind       text             NOT NULL DEFAULT 'store' CONSTRAINT scans_store_kind_check CHECK (store_kind = 'store'),
    label_image      text,
    label_coordinate jsonb,
    label_quality    double precision,
    created_date     timestamptz      NOT NULL DEFAULT now(),
    updated_date     timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT scans_label_phase_key UNIQUE (label_id, phase),
    -- MATCH SIMPLE: a NULL site id is not checked, a non-NULL one must be a site of the right kind.
    CONSTRAINT scans_distribution_fkey FOREIGN KEY (distribution_id, distribution_kind) REFERENCES sites (id, kind) ON DELETE CASCADE,
    CONSTRAINT scans_store_fkey FOREIGN KEY (store_id, store_kind) REFERENCES sites (id, kind) ON DELETE CASCADE
);

CREATE INDEX scans_user_newest_idx ON scans (user_id, created_date DESC, id DESC);
CREATE INDEX scans_distribution_id_idx ON scans (distribution_id) WHERE distribution_id IS NOT NULL;
CREATE INDEX scans_store_id_idx ON scans (store_id) WHERE store_id IS NOT NULL;
