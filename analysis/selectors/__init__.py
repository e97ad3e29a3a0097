"""The analysts' reads: one documented function per question a page asks."""
