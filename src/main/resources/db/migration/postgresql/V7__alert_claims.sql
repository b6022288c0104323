-- Which watcher delivers an alert, and until when its claim holds: a fleet's watchers never deliver one alert twice,
-- and a watcher that died has its undelivered alerts taken over by a live one once its claim runs out.
ALTER TABLE alerts ADD COLUMN owner TEXT;
ALTER TABLE alerts ADD COLUMN claimed_until_ms BIGINT;
