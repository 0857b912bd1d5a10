"""Notifications: the outbox's hooks, the messages' words, the channels that deliver them
and the worker that sends them (`aftercare notify`). The rows are built by
server.services.notifications in the transaction of the event that causes them; see
docs/deployment.md ("Notifications") for the settings and the delivery guarantees."""
