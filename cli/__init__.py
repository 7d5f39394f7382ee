"""The `warta` command line."""
