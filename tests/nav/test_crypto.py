"""NAV's hashes and token decoding against the specification's worked example and NAV's samples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from app.nav import crypto
from app.nav.errors import NavCredentialError

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "nav"  # NAV's own request samples
API = {"a": "http://schemas.nav.gov.hu/OSA/3.0/api"}
SAMPLE_KEY = "ac-ac3a-7f661bff7d342N43CYX4U9FG"  # the samples' signKey, given in their comments


def test_the_specifications_worked_example_of_request_signature() -> None:
    # Specification 1.5.1: requestId, timestamp, key and two index hashes; expected value printed there.
    signature = crypto.request_signature(
        "TSTKFT1222564",
        datetime(2017, 12, 30, 18, 25, 45, tzinfo=UTC),
        "ce-8f5e-215119fa7dd621DLMRHRLH2S",
        [("CREATE", "QWJjZDEyMzQ="), ("MODIFY", "RGNiYTQzMjE=")],
    )
    assert signature == (
        "60BC80609EE3B8F42FE904200A49A1921A1DADA08D55319ACD40C59F626514B74EEA49011D37260"
        "0A10DBCF8199D590DA9C2841D987308F2D83DAE17C2470C42"
    )
    assert crypto.sha3_512("CREATEQWJjZDEyMzQ=").startswith("4317798460962869BC67F07C48EA7E4A")


@pytest.mark.parametrize("sample", ["tokenExchange.xml", "queryTransactionStatus.xml", "manageInvoice.xml"])
def test_navs_samples_are_signed_as_we_sign(sample: str) -> None:
    tree = etree.parse(str(SAMPLES / sample))
    c = {"c": "http://schemas.nav.gov.hu/NTCA/1.0/common", **API}
    stamp = datetime.fromisoformat(str(tree.findtext(".//c:timestamp", namespaces=c)).replace("Z", "+00:00"))
    operations = [
        (
            str(op.findtext("a:invoiceOperation", namespaces=API)),
            str(op.findtext("a:invoiceData", namespaces=API)),
        )
        for op in tree.iterfind(".//a:invoiceOperations/a:invoiceOperation", API)
    ]
    expected = tree.findtext(".//c:requestSignature", namespaces=c)
    request_id = str(tree.findtext(".//c:requestId", namespaces=c))
    assert crypto.request_signature(request_id, stamp, SAMPLE_KEY, operations) == expected


def test_password_hash_is_upper_case_sha512() -> None:
    assert crypto.password_hash("password") == (
        "B109F3BBBC244EB82441917ED06D618B9008DD09B3BEFD1B5E07394C706A8BB980B1D7785E5976EC049B46DF5F1326AF5A2EA6D103FD07C95385FFAB0CACBC86"
    )


def test_exchange_token_known_answer() -> None:
    # Made with `openssl enc -aes-128-ecb -nosalt -K <hex of the key>` from NAV's sample token.
    encoded = "Cu/ihPsmbnNbukk5Prfn7YvClzoL8tSH160Ujneg1KHdL32TeYPz8t3v1aEjMyxst8jgn1r4uRAapuX2+mEWnw=="
    assert (
        crypto.decode_exchange_token(encoded, "6a3b1c9e2d4f7a80")
        == "b1aca173-d9e8-4561-9237-0511eed99eaa2P0ZHLXBRI2U"
    )
    with pytest.raises(NavCredentialError, match="cserekulcs"):
        crypto.decode_exchange_token(encoded, "6a3b1c9e2d4f7a81")
    with pytest.raises(NavCredentialError, match="16 karakter"):
        crypto.decode_exchange_token(encoded, "rovid")
