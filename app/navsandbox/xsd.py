"""NAV's schemas as the service compiles them: one in-memory wrapper importing each file by path.

(The client patches schemaLocation into the target schema instead; the two ways are independent.)
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from app.paths import resources_dir

ORDER = (
    ("http://schemas.nav.gov.hu/NTCA/1.0/common", "common.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/base", "invoiceBase.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/data", "invoiceData.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/annul", "invoiceAnnulment.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/api", "invoiceApi.xsd"),
)
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@cache
def wrapper(upto: str) -> etree.XMLSchema:
    """All schemas up to (and including) file ``upto``, in NAV's dependency order."""
    base = resources_dir() / "nav"
    imports = []
    for namespace, name in ORDER:
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{(base / name).as_uri()}"/>')
        if name == upto:
            break
    text = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:bolthid:nav-service">'
        + "".join(imports)
        + "</xs:schema>"
    )
    return etree.XMLSchema(etree.fromstring(text.encode(), base_url=(base / "wrapper.xsd").as_uri()))


def problems(doc: etree._Element, upto: str) -> list[str]:
    schema = wrapper(upto)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log][:20]  # type: ignore[attr-defined]
