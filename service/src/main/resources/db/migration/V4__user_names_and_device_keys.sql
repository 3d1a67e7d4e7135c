-- The fields of Django's AbstractUser that the original API exposed or kept.
ALTER TABLE users
    ADD COLUMN first_name varchar(150) NOT NULL DEFAULT '',
    ADD COLUMN last_name  varchar(150) NOT NULL DEFAULT '',
    ADD COLUMN email      varchar(254) NOT NULL DEFAULT '';

-- Every login gets a key of its own and earlier keys keep working (django-rest-knox's model), so a
-- second phone, or an app that logs in at every start, never logs the others out. Still only the
-- SHA-256 of a key is stored; key_prefix (its first 8 characters) tells keys apart in listings.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_pkey;
ALTER TABLE api_tokens
    ADD COLUMN id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT api_tokens_pkey PRIMARY KEY,
    ADD COLUMN key_prefix text,
    ADD COLUMN last_used  timestamptz;

CREATE INDEX api_tokens_user_created_idx ON api_tokens (user_id, created, id);
