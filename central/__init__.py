"""The central library's side of sync: durable event store, fleet state, signed commands."""
