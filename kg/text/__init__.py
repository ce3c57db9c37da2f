"""IO-free text tools shared by the extractors."""
