"""Demo data and the `make demo` job."""
