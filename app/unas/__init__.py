"""The UNAS XML API client: requests + lxml in, frozen records out. Knows nothing of Qt or the database."""
