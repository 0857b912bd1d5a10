"""Pure rules of a service contract: warranty, fees, SLA clocks and calendars, schedules.

Standard library only, no clock reads (`now` and `on` are arguments), settings in as plain
JSON-able dicts (settings.py), so the same rules and test vectors (tests/vectors/) run in the
TypeScript twin (webapp/src/domain/). docs/rules.md explains the settings.
"""
