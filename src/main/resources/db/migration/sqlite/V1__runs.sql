-- Every verify run (CI gate runs and, later, watch runs) with its checks and root causes.
CREATE TABLE runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at       TEXT    NOT NULL,
    started_ms       INTEGER NOT NULL,
    environment      TEXT    NOT NULL,
    verdict          TEXT    NOT NULL,
    exit_code        INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL,
    decided_after_ms INTEGER NOT NULL,
    command          TEXT    NOT NULL,
    config_sha256    TEXT    NOT NULL
);
CREATE INDEX runs_started ON runs (started_ms);

CREATE TABLE checks (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    check_id    TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    signature   TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    latency_ms  REAL
);
CREATE INDEX checks_run ON checks (run_id);
CREATE INDEX checks_service ON checks (service);

CREATE TABLE root_causes (
    run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    service        TEXT    NOT NULL,
    signature      TEXT    NOT NULL,
    classification TEXT    NOT NULL
);
CREATE INDEX root_causes_run ON root_causes (run_id);
