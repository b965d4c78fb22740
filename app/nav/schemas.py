"""NAV's official XSDs (resources/nav), compiled once, for checking what we send.

NAV's imports name only namespaces (no schemaLocation); the local file of each is filled in
before compiling (see resources/nav/README.md).
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from app.paths import resources_dir

_XS = "{http://www.w3.org/2001/XMLSchema}"
FILES = {
    "http://schemas.nav.gov.hu/NTCA/1.0/common": "common.xsd",
    "http://schemas.nav.gov.hu/OSA/3.0/base": "invoiceBase.xsd",
    "http://schemas.nav.gov.hu/OSA/3.0/data": "invoiceData.xsd",
    "http://schemas.nav.gov.hu/OSA/3.0/api": "invoiceApi.xsd",
    "http://schemas.nav.gov.hu/OSA/3.0/annul": "invoiceAnnulment.xsd",
}


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the schemas by file name, e.g. ``invoiceApi.xsd``."""
    doc = etree.parse(str(resources_dir() / "nav" / name))
    for imp in doc.getroot().iter(f"{_XS}import"):
        if imp.get("schemaLocation") is None:
            imp.set("schemaLocation", FILES[imp.get("namespace") or ""])
    return etree.XMLSchema(doc)


def errors(name: str, data: bytes) -> list[str]:
    """Schema errors of ``data`` against schema ``name`` ([] when valid)."""
    checker = schema(name)
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    if checker.validate(tree):
        return []
    return [f"{e.line}. sor: {e.message}" for e in checker.error_log]  # type: ignore[attr-defined]
