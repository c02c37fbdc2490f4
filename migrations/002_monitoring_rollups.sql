-- Rollups of the monitoring log, kept by PostgreSQL itself on every insert (the service's batched
-- insert, the spool's drain, or a bulk INSERT ... SELECT), so a whole quarter's report reads a few
-- thousand tally rows and one row per person instead of every event. The numbers are the same as
-- counting the raw rows (src/monitoring/countEvents.ts):
-- - a person is counted once, by their last audience_set, the channel of their last session_started,
--   and their last locale_set, else that session_started's locale ("last" is the greatest (at, id));
-- - each counted event goes under the channel of its subject's last session_started in the quarter,
--   or under no channel when the subject has none; a session_started that arrives after the
--   subject's other events (from the spool, or another instance) moves their tallies to its channel.
-- Rows leave monitoring_events only by compaction (a whole quarter, which deletes the quarter's
-- rollups in the same transaction) or by TRUNCATE (which empties the rollups too). After deleting
-- rows any other way, run SELECT monitoring_rollup_rebuild('2026Q4') for each quarter touched.

-- Held until this migration commits: no event is inserted between building the rollups of the rows
-- already here and the trigger that counts the next ones.
LOCK TABLE monitoring_events IN SHARE ROW EXCLUSIVE MODE;

-- The trigger finds a subject's earlier events with it, when their channel becomes known.
CREATE INDEX IF NOT EXISTS monitoring_events_quarter_subject ON monitoring_events (quarter, subject);

-- One row per person per quarter: the same pseudonym and closed-set values as their events, with the
-- (at, id) of the event each value came from. Deleted with the quarter's events.
CREATE TABLE IF NOT EXISTS monitoring_subjects (
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  subject text NOT NULL,
  -- From the last session_started.
  channel text,
  start_locale text,
  start_at timestamptz,
  start_id bigint,
  -- From the last locale_set.
  chosen_locale text,
  chosen_at timestamptz,
  chosen_id bigint,
  -- From the last audience_set.
  audience text,
  audience_at timestamptz,
  audience_id bigint,
  PRIMARY KEY (quarter, subject)
);

-- The counted events of a quarter, by Nairobi week, type, the fields the counts read (`fields`, for
-- example {"need": "medical", "county": "047"}) and the channel of the subject's session_started
-- ('' when the subject has none yet). `n` can fall to 0 when a subject's events move to a channel.
CREATE TABLE IF NOT EXISTS monitoring_tallies (
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  week date NOT NULL,
  type text NOT NULL,
  channel text NOT NULL,
  fields jsonb NOT NULL,
  n bigint NOT NULL,
  -- quiz_session_ended: the sum of participants, and of participants x average score.
  participants numeric NOT NULL,
  score numeric NOT NULL,
  PRIMARY KEY (quarter, week, type, channel, fields)
);

-- The Monday (Nairobi time) of the week of an instant, as the counts' weekly breakdowns use.
CREATE OR REPLACE FUNCTION monitoring_week(timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('week', ($1 AT TIME ZONE 'UTC') + interval '3 hours')::date $$;

-- Whether an event type is counted as an event (the others only describe the person).
CREATE OR REPLACE FUNCTION monitoring_counted(text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT $1 IN ('session_started', 'help_viewed', 'referral_lookup', 'crisis_detected', 'lesson_started', 'lesson_completed', 'quiz_session_ended') $$;

-- The fields the counts read, as one key ({"need": "medical", "county": "047"}): those the event has.
-- Built after grouping by the fields as text, which is much cheaper than building it for each event.
CREATE OR REPLACE FUNCTION monitoring_fields(channel text, option text, need text, county text, tier text, situation text, language text, lesson text, audience text)
  RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_strip_nulls(jsonb_build_object('channel', $1, 'option', $2, 'need', $3, 'county', $4, 'tier', $5,
                                                    'situation', $6, 'language', $7, 'lesson', $8, 'audience', $9)) $$;

-- Build one quarter's rollups again from its raw rows, inserts held off meanwhile. Every step reads
-- the whole quarter, so hash joins, never nested loops (which statistics that lag behind the inserts
-- could make PostgreSQL pick, comparing every person with every other).
CREATE OR REPLACE FUNCTION monitoring_rollup_rebuild(q text) RETURNS void LANGUAGE plpgsql
SET work_mem = '256MB' SET enable_nestloop = off AS $$
BEGIN
  LOCK TABLE monitoring_events IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM monitoring_tallies WHERE quarter = q;
  DELETE FROM monitoring_subjects WHERE quarter = q;
  INSERT INTO monitoring_subjects (quarter, subject, channel, start_locale, start_at, start_id, chosen_locale, chosen_at, chosen_id, audience, audience_at, audience_id)
  SELECT q, k.subject, st.channel, st.locale, st.at, st.id, ch.locale, ch.at, ch.id, au.audience, au.at, au.id
  FROM (SELECT DISTINCT subject FROM monitoring_events WHERE quarter = q) k
  LEFT JOIN (SELECT DISTINCT ON (subject) subject, at, id, payload->>'channel' AS channel, payload->>'locale' AS locale
             FROM monitoring_events WHERE quarter = q AND payload->>'type' = 'session_started' ORDER BY subject, at DESC, id DESC) st USING (subject)
  LEFT JOIN (SELECT DISTINCT ON (subject) subject, at, id, payload->>'locale' AS locale
             FROM monitoring_events WHERE quarter = q AND payload->>'type' = 'locale_set' ORDER BY subject, at DESC, id DESC) ch USING (subject)
  LEFT JOIN (SELECT DISTINCT ON (subject) subject, at, id, payload->>'audience' AS audience
             FROM monitoring_events WHERE quarter = q AND payload->>'type' = 'audience_set' ORDER BY subject, at DESC, id DESC) au USING (subject);
  INSERT INTO monitoring_tallies (quarter, week, type, channel, fields, n, participants, score)
  SELECT q, week, type, channel, monitoring_fields(f1, f2, f3, f4, f5, f6, f7, f8, f9), n, participants, score
  FROM (SELECT monitoring_week(e.at) AS week, e.payload->>'type' AS type, COALESCE(s.channel, '') AS channel,
               e.payload->>'channel' AS f1, e.payload->>'option' AS f2, e.payload->>'need' AS f3, e.payload->>'county' AS f4,
               e.payload->>'tier' AS f5, e.payload->>'situation' AS f6, e.payload->>'language' AS f7, e.payload->>'lesson' AS f8,
               e.payload->>'audience' AS f9,
               count(*) AS n,
               COALESCE(sum((e.payload->>'participants')::numeric), 0) AS participants,
               COALESCE(sum((e.payload->>'participants')::numeric * (e.payload->>'averageScore')::numeric), 0) AS score
        FROM monitoring_events e JOIN monitoring_subjects s ON s.quarter = q AND s.subject = e.subject
        WHERE e.quarter = q AND monitoring_counted(e.payload->>'type')
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) g;
END $$;

-- After each INSERT statement, with the rows it inserted (`new_rows`). The two statements are planned
-- at each call (EXECUTE), for the number of rows it brings: a plan kept from a call of 5 rows could be
-- ruinous for a million. PostgreSQL cannot see inside a transition table, so it guesses how many rows
-- each step below makes, often far too few; with many rows, such a guess can make it compare every
-- row with every other (a nested loop), where a hash join takes a second. So past a few thousand rows
-- nested loops are ruled out (but for the look-up by subject, which needs one); merge joins always
-- are (a hash join is faster here). A million rows sort and hash in memory (work_mem), and are not
-- worth compiling (jit).
CREATE OR REPLACE FUNCTION monitoring_rollup_insert() RETURNS trigger LANGUAGE plpgsql
SET work_mem = '256MB' SET jit = off SET enable_mergejoin = off SET enable_nestloop = on AS $$
DECLARE
  inserted bigint;
BEGIN
  SELECT count(*) INTO inserted FROM new_rows;
  IF inserted = 0 THEN
    RETURN NULL;
  END IF;
  IF inserted > 2000 THEN
    -- Undone when this function returns (it has its own enable_nestloop).
    SET LOCAL enable_nestloop = off;
  END IF;
  -- Lock every subject of these rows, in one order (so two inserters never wait on each other in a
  -- circle), making the rows of new subjects. DO UPDATE ... WHERE false changes nothing, but locks
  -- each existing row, waiting for an inserter that holds it. Once the locks are held, the next
  -- statement sees every event of these subjects that another inserter committed, and what it made
  -- of them: an inserter that tallied a subject's event under no channel has committed before this
  -- one moves that event to the channel it now learns.
  EXECUTE $lock$
  INSERT INTO monitoring_subjects AS s (quarter, subject)
  SELECT DISTINCT quarter, subject FROM new_rows ORDER BY 1, 2
  ON CONFLICT (quarter, subject) DO UPDATE SET subject = s.subject WHERE false
  $lock$;

  EXECUTE $count$
  WITH
  -- The last session_started, locale_set and audience_set of each subject in these rows.
  latest AS (SELECT DISTINCT ON (quarter, subject, payload->>'type') quarter, subject, payload->>'type' AS type, at, id, payload
             FROM new_rows WHERE payload->>'type' IN ('session_started', 'locale_set', 'audience_set')
             ORDER BY quarter, subject, payload->>'type', at DESC, id DESC),
  st AS (SELECT quarter, subject, at, id, payload->>'channel' AS channel, payload->>'locale' AS locale FROM latest WHERE type = 'session_started'),
  ch AS (SELECT quarter, subject, at, id, payload->>'locale' AS locale FROM latest WHERE type = 'locale_set'),
  au AS (SELECT quarter, subject, at, id, payload->>'audience' AS audience FROM latest WHERE type = 'audience_set'),
  -- Each subject as stored, and which of its values these rows replace (a later (at, id) wins).
  merged AS MATERIALIZED (
    SELECT s.quarter, s.subject, s.channel AS old_channel,
           st.id IS NOT NULL AND (s.start_id IS NULL OR (st.at, st.id) > (s.start_at, s.start_id)) AS new_start,
           ch.id IS NOT NULL AND (s.chosen_id IS NULL OR (ch.at, ch.id) > (s.chosen_at, s.chosen_id)) AS new_chosen,
           au.id IS NOT NULL AND (s.audience_id IS NULL OR (au.at, au.id) > (s.audience_at, s.audience_id)) AS new_audience,
           st.channel AS st_channel, st.locale AS st_locale, st.at AS st_at, st.id AS st_id,
           ch.locale AS ch_locale, ch.at AS ch_at, ch.id AS ch_id,
           au.audience AS au_audience, au.at AS au_at, au.id AS au_id
    FROM monitoring_subjects s
    JOIN (SELECT DISTINCT quarter, subject FROM new_rows) k ON s.quarter = k.quarter AND s.subject = k.subject
    LEFT JOIN st ON st.quarter = s.quarter AND st.subject = s.subject
    LEFT JOIN ch ON ch.quarter = s.quarter AND ch.subject = s.subject
    LEFT JOIN au ON au.quarter = s.quarter AND au.subject = s.subject),
  updated AS (
    UPDATE monitoring_subjects s SET
      channel = CASE WHEN m.new_start THEN m.st_channel ELSE s.channel END,
      start_locale = CASE WHEN m.new_start THEN m.st_locale ELSE s.start_locale END,
      start_at = CASE WHEN m.new_start THEN m.st_at ELSE s.start_at END,
      start_id = CASE WHEN m.new_start THEN m.st_id ELSE s.start_id END,
      chosen_locale = CASE WHEN m.new_chosen THEN m.ch_locale ELSE s.chosen_locale END,
      chosen_at = CASE WHEN m.new_chosen THEN m.ch_at ELSE s.chosen_at END,
      chosen_id = CASE WHEN m.new_chosen THEN m.ch_id ELSE s.chosen_id END,
      audience = CASE WHEN m.new_audience THEN m.au_audience ELSE s.audience END,
      audience_at = CASE WHEN m.new_audience THEN m.au_at ELSE s.audience_at END,
      audience_id = CASE WHEN m.new_audience THEN m.au_id ELSE s.audience_id END
    FROM merged m
    WHERE s.quarter = m.quarter AND s.subject = m.subject AND (m.new_start OR m.new_chosen OR m.new_audience)),
  -- Each subject's channel after these rows, and whether it changed.
  now AS MATERIALIZED (
    SELECT quarter, subject, old_channel,
           CASE WHEN new_start THEN st_channel ELSE old_channel END AS channel,
           new_start AND st_channel IS DISTINCT FROM old_channel AS moved
    FROM merged),
  delta AS (
    -- These rows, under their subject's channel.
    SELECT r.quarter, r.at, COALESCE(w.channel, '') AS channel, 1 AS sign, r.payload
    FROM new_rows r JOIN now w ON w.quarter = r.quarter AND w.subject = r.subject
    WHERE monitoring_counted(r.payload->>'type')
    UNION ALL
    -- The earlier rows of a subject whose channel changed: out of the old channel, into the new one.
    -- (OFFSET 0 keeps the look-up per subject, through the index by subject.)
    SELECT e.quarter, e.at, COALESCE(v.channel, ''), v.sign, e.payload
    FROM now w
    CROSS JOIN LATERAL (SELECT e.id, e.quarter, e.at, e.payload FROM monitoring_events e
                        WHERE e.quarter = w.quarter AND e.subject = w.subject AND monitoring_counted(e.payload->>'type') OFFSET 0) e
    CROSS JOIN LATERAL (VALUES (-1, w.old_channel), (1, w.channel)) v (sign, channel)
    WHERE w.moved AND NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.id = e.id)),
  grouped AS (
    SELECT quarter, monitoring_week(at) AS week, payload->>'type' AS type, channel,
           payload->>'channel' AS f1, payload->>'option' AS f2, payload->>'need' AS f3, payload->>'county' AS f4,
           payload->>'tier' AS f5, payload->>'situation' AS f6, payload->>'language' AS f7, payload->>'lesson' AS f8,
           payload->>'audience' AS f9,
           sum(sign) AS n,
           COALESCE(sum(sign * (payload->>'participants')::numeric), 0) AS participants,
           COALESCE(sum(sign * (payload->>'participants')::numeric * (payload->>'averageScore')::numeric), 0) AS score
    FROM delta GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
  -- In one order (any, the same for all), so two inserters take the tally rows' locks in the same order.
  INSERT INTO monitoring_tallies AS t (quarter, week, type, channel, fields, n, participants, score)
  SELECT quarter, week, type, channel, monitoring_fields(f1, f2, f3, f4, f5, f6, f7, f8, f9), n, participants, score
  FROM grouped ORDER BY 5, 1, 2, 3, 4
  ON CONFLICT (quarter, week, type, channel, fields) DO UPDATE
    SET n = t.n + EXCLUDED.n, participants = t.participants + EXCLUDED.participants, score = t.score + EXCLUDED.score
  $count$;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION monitoring_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE monitoring_subjects, monitoring_tallies;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS monitoring_rollup_insert ON monitoring_events;
CREATE TRIGGER monitoring_rollup_insert AFTER INSERT ON monitoring_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_rollup_insert();
DROP TRIGGER IF EXISTS monitoring_rollup_truncate ON monitoring_events;
CREATE TRIGGER monitoring_rollup_truncate AFTER TRUNCATE ON monitoring_events
  FOR EACH STATEMENT EXECUTE FUNCTION monitoring_rollup_truncate();

-- The rows already here.
SELECT monitoring_rollup_rebuild(quarter) FROM (SELECT DISTINCT quarter FROM monitoring_events) q;
