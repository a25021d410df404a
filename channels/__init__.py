"""Channel adapters. Each authenticates, keeps the raw input, builds a ReportDraft and calls intake."""
