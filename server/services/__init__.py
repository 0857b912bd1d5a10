"""Use cases, one transaction each, shared by the REST API and the sync engine."""
