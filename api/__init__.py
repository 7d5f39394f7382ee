"""The HTTP API (and, later, the web UI). Imports core only; enqueues by task name."""
