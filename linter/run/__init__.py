"""Running stage: one file (engine), many files (discovery, batch), configuration, suppressions and year-over-year pairing."""
