"""Rendering: PDF, PNG and SVG drawn from prepared data.

Nothing here reads the database, handles a request or commits. Services gather the facts
(server.services.reports, server.services.quarterly_report, server.services.labels); the
view hands them to a function here and sends back the bytes.
"""
