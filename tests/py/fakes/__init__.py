"""Loopback fakes of outside services, driven by the real SDKs in tests: no network."""
