-- The monitoring log: anonymous, closed-set events (src/events/MonitoringEvent.ts), appended only.
-- `quarter` is the Nairobi-time quarter of `at` ("2026Q4"), the unit of reports and of retention.
CREATE TABLE IF NOT EXISTS monitoring_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  subject text NOT NULL CHECK (subject ~ '^[0-9a-f]{16}$'),
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object' AND payload ? 'type'),
  -- Set for an event that waited in the local spool while PostgreSQL was down: a spool drained twice
  -- (a crash between the insert and the spool's removal) inserts it once.
  spool_id uuid UNIQUE
);
CREATE INDEX IF NOT EXISTS monitoring_events_quarter_at ON monitoring_events (quarter, at);

-- What retention keeps of a quarter once its raw events are deleted: the same counts a report makes.
CREATE TABLE IF NOT EXISTS quarter_counts (
  quarter text PRIMARY KEY CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  counts jsonb NOT NULL
);
