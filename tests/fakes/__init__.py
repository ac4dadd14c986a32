"""Shared test doubles served over real loopback HTTP (no mocking of client libraries)."""
