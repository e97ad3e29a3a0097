"""The analysts' pages; glue only, the reads are in `analysis.selectors`."""
