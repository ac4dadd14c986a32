"""Link health: extract -> policy -> cache -> check -> report, each stage its own module."""
