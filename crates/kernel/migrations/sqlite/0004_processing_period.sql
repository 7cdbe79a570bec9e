-- 標準処理期間: the standard processing period of a procedure, in days.
ALTER TABLE procedures ADD COLUMN standard_days INTEGER;
