-- The search words (検索用語辞書) as the DX office saves them: every version
-- kept, the newest in force; none saved means the words the platform ships
-- with. Saving bumps the catalog revision, so every node rebuilds its index.
CREATE TABLE search_words (
    version   BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
