"""The analysts' pages, one module per area: home, the tables (stances, support, matrix), the
delegation pages and the provision pages. Glue only: the reads are in `analysis.selectors`."""
