-- Receipt numbers run 1, 2, 3 … within each fiscal year, with no gaps: the
-- counter row is updated in the transaction that writes the applications, so
-- a batch that rolls back gives its numbers back (the sequence did not).
CREATE TABLE application_numbers (
    fiscal_year BIGINT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);
INSERT INTO application_numbers (fiscal_year, last_value)
SELECT fiscal_year, MAX(CAST(split_part(receipt_number, '-', 2) AS BIGINT))
FROM applications
GROUP BY fiscal_year;
