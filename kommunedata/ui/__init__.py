"""The Streamlit glue: cached access to the data, URL state and widgets. The only part of `kommunedata`
that imports Streamlit; everything else runs without it (tests/unit/test_layers.py checks)."""
