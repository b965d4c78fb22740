"""NAV Online Számla 3.0: the client of the tax authority's interface and the rules it checks.

Like ``app.unas`` this package knows nothing of Qt or the database; it speaks XML and plain records.
"""
