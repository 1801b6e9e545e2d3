"""Sync protocol, device sync client and the council service. Imports no Qt."""
