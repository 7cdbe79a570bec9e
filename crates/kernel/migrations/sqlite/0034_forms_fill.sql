-- Forms a resident can fill (docs/forms.md, docs/banks.md).

-- The 全銀 bank and branch codes (zengin-code source data format), replaced
-- by `madoguchi banks import`. `folded` is the name, reading and romaji as
-- a search compares them (NFKC, katakana, small kana made large, lower case).
CREATE TABLE banks (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kana    TEXT NOT NULL,
    roma    TEXT NOT NULL,
    folded  TEXT NOT NULL
);

CREATE TABLE bank_branches (
    bank_code TEXT NOT NULL REFERENCES banks(code) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    kana      TEXT NOT NULL,
    roma      TEXT NOT NULL,
    folded    TEXT NOT NULL,
    PRIMARY KEY (bank_code, code)
);

-- What a resident's profile adds for prefilling forms ('' is unknown).
ALTER TABLE residents ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';
ALTER TABLE residents ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE residents ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE residents ADD COLUMN phone TEXT NOT NULL DEFAULT '';
