-- The API lists an application's schedules newest first and its webhooks oldest first, a page at
-- a time, in the database.
CREATE INDEX recording_schedule_app ON recording_schedule (application_id, created_at);
CREATE INDEX jobs_webhook_subscription_app_created ON jobs_webhook_subscription (application_id, created_at);
