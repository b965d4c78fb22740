"""Bolthíd: Hungarian business program with two-way UNAS webshop sync."""

__version__ = "0.1.0"
