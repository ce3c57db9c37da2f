"""Pure extraction: text and reference data in, findings with character spans out.

Nothing here reads files or knows RDF, so every rule can be tested with a string.
"""
