-- Every call of the rollback hook (on_no_go, --on-no-go): what was called, how it ended, what it printed (secrets
-- masked, the last 16 KB). Deleted with its run.
CREATE TABLE hook_calls (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER REFERENCES runs (id) ON DELETE CASCADE,
    called_ms   INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    exit_code   INTEGER,
    succeeded   INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    output      TEXT    NOT NULL
);
CREATE INDEX hook_calls_called ON hook_calls (called_ms);
