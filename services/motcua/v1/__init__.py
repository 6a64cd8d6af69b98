"""Generated from proto/motcua/v1 by `make protos`; do not edit."""
