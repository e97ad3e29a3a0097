"""Views of the positions app, one module per area (home, statements, stances, tables, review)."""
