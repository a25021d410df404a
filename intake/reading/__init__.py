"""Reading residents' own words for the signs that change triage (issue 11)."""
