-- Where a run was made from (watch --location): a fleet's watchers in several places, and a failure seen from one
-- of them only. NULL: no location given.
ALTER TABLE runs ADD COLUMN location TEXT;
