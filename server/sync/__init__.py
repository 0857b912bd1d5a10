"""The sync protocol (push/pull) and conflict resolution."""
