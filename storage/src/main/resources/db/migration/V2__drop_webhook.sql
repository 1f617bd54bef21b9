-- Webhook subscriptions have one home: the jobs module's jobs_webhook_subscription (with its
-- application, and the outbox that delivers them). This table was never written by the
-- application; V1 stays as applied.
DROP TABLE webhook;
