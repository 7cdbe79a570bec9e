-- Sign-in through an OpenID Connect provider (the city's IdP for staff,
-- gBizID for businesses). An account is tied to the provider's subject on
-- its first sign-in and found by (issuer, subject) afterwards.
CREATE TABLE external_identities (
    issuer           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('staff', 'resident')),
    account_id       TEXT NOT NULL,
    -- gBizID: the business's corporate number (法人番号).
    corporate_number TEXT,
    created_at       TEXT NOT NULL,
    last_sign_in_at  TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX external_identities_account ON external_identities (kind, account_id, issuer);

-- Sign-ins on their way through the provider: the state, nonce and PKCE
-- verifier, found by the hash of the random id in the browser's short-lived
-- cookie, used once.
CREATE TABLE oidc_logins (
    id_hash       TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    state         TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next          TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);
