"""The built-in UNAS-compatible sandbox shop on 127.0.0.1, written from the API contract alone.

It shares no parsing code with app.unas, so a misreading of the contract in one does not hide
the same misreading in the other.
"""
