"""Edge cases that pin what users see (boundaries, messages, escapes), against oracles written here."""
