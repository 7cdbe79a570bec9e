-- Receipt numbers run 1, 2, 3 … within each fiscal year, with no gaps: the
-- counter row is updated in the transaction that writes the applications, so
-- a batch that rolls back gives its numbers back (a sequence would not).
CREATE TABLE application_numbers (
    fiscal_year INTEGER PRIMARY KEY,
    last_value  INTEGER NOT NULL
);
INSERT INTO application_numbers (fiscal_year, last_value)
SELECT fiscal_year,
       MAX(CAST(substr(receipt_number, instr(receipt_number, '-') + 1) AS INTEGER))
FROM applications
GROUP BY fiscal_year;
