"""Persistence: SQLAlchemy 2 models of the business documents, the engine and the migrations."""
