"""Webhooks: a signed POST to the job's callback URL when it completes, fails or is cancelled, retried with backoff and
kept across restarts, to targets checked against server-side request forgery."""
