"""Marshmallow schemas: the API's wire formats, separate for input and output."""
