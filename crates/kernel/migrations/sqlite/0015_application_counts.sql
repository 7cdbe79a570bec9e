-- Applications received per procedure and fiscal year, kept by the writer in
-- the transaction of each batch, so the progress dashboards read a few
-- thousand rows rather than count millions of applications.
CREATE TABLE application_counts (
    procedure_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    received BIGINT NOT NULL,
    PRIMARY KEY (procedure_id, fiscal_year)
);
INSERT INTO application_counts (procedure_id, fiscal_year, received)
SELECT procedure_id, fiscal_year, COUNT(*) FROM applications GROUP BY procedure_id, fiscal_year;
