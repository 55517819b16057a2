"""JSON Schemas of the MQTT contract (docs/mqtt.md); data files, loaded by ``sync.contract``."""
