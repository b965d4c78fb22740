"""NAV's answers read hardened (no DTD, no entities, a size cap) and leniently (any prefixes)."""

from __future__ import annotations

import pytest

from app.nav import responses
from app.nav.errors import NavXmlError

# NAV's real answers use ns2:/ns3: prefixes where our requests use none.
PREFIXED = """<?xml version="1.0" encoding="UTF-8"?>
<ns2:QueryTransactionStatusResponse xmlns="http://schemas.nav.gov.hu/NTCA/1.0/common"
    xmlns:ns2="http://schemas.nav.gov.hu/OSA/3.0/api">
  <header><requestId>R1</requestId><timestamp>2026-12-01T10:00:00.000Z</timestamp>
    <requestVersion>3.0</requestVersion></header>
  <result><funcCode>OK</funcCode></result>
  <ns2:software><ns2:softwareId>X</ns2:softwareId></ns2:software>
  <ns2:processingResults>
    <ns2:processingResult>
      <ns2:index>1</ns2:index><ns2:invoiceStatus>DONE</ns2:invoiceStatus>
      <ns2:businessValidationMessages>
        <ns2:validationResultCode>WARN</ns2:validationResultCode>
        <ns2:validationErrorCode>INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT</ns2:validationErrorCode>
        <ns2:message>Az adókulcsonkénti összesített nettó értékek összege eltér.</ns2:message>
        <ns2:pointer><ns2:tag>invoiceNetAmount</ns2:tag><ns2:line>2</ns2:line></ns2:pointer>
      </ns2:businessValidationMessages>
      <ns2:compressedContentIndicator>false</ns2:compressedContentIndicator>
    </ns2:processingResult>
    <ns2:originalRequestVersion>3.0</ns2:originalRequestVersion>
  </ns2:processingResults>
</ns2:QueryTransactionStatusResponse>""".encode()


def test_prefixed_answers_are_read_by_local_names() -> None:
    root = responses.parse(PREFIXED)
    assert responses.result(root) == ("OK", "", "")
    [item] = responses.processing_results(root)
    assert (item.index, item.status) == (1, "DONE")
    [warning] = item.warnings
    assert warning.code == "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT"
    assert (warning.tag, warning.line) == ("invoiceNetAmount", 2)


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b"<r><unclosed></r>",
        b"",
    ],
)
def test_hostile_or_broken_answers_are_refused(hostile: bytes) -> None:
    with pytest.raises(NavXmlError):
        responses.parse(hostile)


def test_an_oversized_answer_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(responses, "MAX_RESPONSE_BYTES", 1000)
    with pytest.raises(NavXmlError, match="túl nagy"):
        responses.parse(b"<r>" + b"x" * 2000 + b"</r>")
