"""Livskraft's data package: schema, loading, queries and domain rules for municipal networks."""
