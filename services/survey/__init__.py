"""Survey: satisfaction ratings and citizens' feedback."""
