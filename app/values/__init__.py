"""Dependency-free checks of values that enter from outside (forms, files, the shop, NAV).

Nothing here imports the rest of the program, so the UNAS and NAV clients may use it too.
"""
