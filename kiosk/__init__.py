"""The domain core of the library self-service terminal.

Patrons, items, loans, holds, locker compartments, the circulation policy and the
transaction flows, with the local SQLite store and its durable outbox. Nothing here
imports Qt, an MQTT client or a serial library: devices are reached only through the
interfaces in :mod:`kiosk.devices`, so the core runs under plain pytest.
"""

__version__ = "0.1.0"
