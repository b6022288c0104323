-- One row per plan and interval slot: the watcher that runs the plan in that slot (many watchers, one store).
CREATE TABLE leases (
    plan      TEXT   NOT NULL,
    slot      BIGINT NOT NULL,
    owner     TEXT   NOT NULL,
    leased_ms BIGINT NOT NULL,
    done_ms   BIGINT,
    PRIMARY KEY (plan, slot)
);
