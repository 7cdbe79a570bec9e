-- Procedure names in further languages (ja-x-easy, zh-Hans, ko, pt-BR, vi, tl);
-- Japanese and English stay on procedures.
CREATE TABLE procedure_names (
    procedure_id TEXT NOT NULL REFERENCES procedures(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (procedure_id, lang)
);
