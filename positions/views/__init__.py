"""Views of the positions app (the write side), one module per area: statements, stances, review."""
