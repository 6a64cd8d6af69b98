"""Tooling around the motcua kernel: the CLI, the demo, benchmarks, soak and fault harnesses, load
generators and the local Kafka/ClickHouse launchers. Nothing in the kernel or the services imports it."""
