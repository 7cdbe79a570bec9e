-- Cases a year and cases done online, as a procedure inventory reports them
-- (the actual online-use rate).
CREATE TABLE procedure_use (
    procedure_id TEXT PRIMARY KEY REFERENCES procedures(id) ON DELETE CASCADE,
    total_cases BIGINT,
    online_cases BIGINT
);
