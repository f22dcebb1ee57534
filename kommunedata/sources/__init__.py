"""Loaders, one per source family; each returns DataFrames shaped like the tables in schema.sql."""
