-- The version each service said it runs in a run (its health body or a version header): the releases history names.
CREATE TABLE service_versions (
    run_id  BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    service TEXT   NOT NULL,
    version TEXT   NOT NULL
);
CREATE INDEX service_versions_run ON service_versions (run_id);
