-- Every alert delivery of a watcher: kept until its destination took it, retried with backoff meanwhile, so an
-- unreachable webhook loses nothing and a restarted watcher delivers what the last one could not.
CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     TEXT    NOT NULL UNIQUE,
    channel         TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    created_ms      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    delivered_ms    INTEGER,
    last_error      TEXT
);
CREATE INDEX alerts_undelivered ON alerts (delivered_ms, id);
