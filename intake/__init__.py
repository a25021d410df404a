"""The intake core: one normalised, triaged report per inbound item, from every channel."""
