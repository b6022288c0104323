-- A watcher writes every check of every run: at 2,000 checks every 10 s that is 1.45 GB a day in SQLite (bench/watch.sh).
-- History finds a service's checks through the runs of its window (runs_started, then checks_run), so the index on
-- checks.service only cost space (18 % of the file); and a passing check's detail ("HTTP 200") is no longer kept.
DROP INDEX checks_service;
