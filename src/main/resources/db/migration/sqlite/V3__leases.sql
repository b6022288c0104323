-- One row per plan and interval slot: the watcher that runs the plan in that slot (many watchers, one store).
CREATE TABLE leases (
    plan      TEXT    NOT NULL,
    slot      INTEGER NOT NULL,
    owner     TEXT    NOT NULL,
    leased_ms INTEGER NOT NULL,
    done_ms   INTEGER,
    PRIMARY KEY (plan, slot)
);
