"""chart stage."""
