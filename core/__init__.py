"""What the API and the worker share: settings, database, models, states, queue."""
