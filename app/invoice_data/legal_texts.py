"""Texts the law asks on an invoice: the legal ground of every exemption code we offer, the
seller's VAT status, and NAV's reasons (Áfa tv. 169. §)."""

from __future__ import annotations

# Áfa tv. 169. § m): an exempt or out-of-scope supply shows its legal ground. (code → (NAV reason,
# the sentence printed on the invoice))
EXEMPTIONS: dict[str, tuple[str, str]] = {
    "AAM": ("Alanyi adómentes", "Alanyi adómentesség – Áfa tv. XIII. fejezet, 187. §"),
    "TAM": ("Tárgyi adómentes", "Tárgyi adómentes értékesítés – Áfa tv. 85–87. §"),
    "KBAET": (
        "Közösségen belüli adómentes termékértékesítés",
        "Adómentes Közösségen belüli termékértékesítés – Áfa tv. 89. §",
    ),
    "KBAUK": (
        "Új közlekedési eszköz adómentes Közösségen belüli értékesítése",
        "Új közlekedési eszköz adómentes Közösségen belüli értékesítése – Áfa tv. 89. § (2)",
    ),
    "EAM": ("Termékexport harmadik országba", "Adómentes termékexport – Áfa tv. 98–109. §"),
    "NAM": (
        "Egyéb nemzetközi ügylethez kapcsolódó adómentesség",
        "Nemzetközi ügylethez kapcsolódó adómentesség – Áfa tv. 110–118. §",
    ),
    "ATK": (
        "Áfa tv. tárgyi hatályán kívüli ügylet",
        "Az ügylet az Áfa tv. tárgyi hatályán kívül esik – Áfa tv. 2. §",
    ),
    "EUFAD37": (
        "Áfa tv. 37. § (1) alapján más tagállamban teljesített, fordítottan adózó szolgáltatás",
        "A teljesítés helye más tagállam, az adót a szolgáltatás igénybevevője fizeti – Áfa tv. 37. § (1)",
    ),
    "EUFADE": (
        "Más tagállamban teljesített, fordítottan adózó ügylet (nem az Áfa tv. 37. § alapján)",
        "Más tagállamban teljesített ügylet, az adót a vevő fizeti (fordított adózás)",
    ),
    "EUE": (
        "Más tagállamban teljesített ügylet",
        "Más tagállamban teljesített, nem fordítottan adózó ügylet",
    ),
    "HO": (
        "Harmadik országban teljesített ügylet",
        "Harmadik országban teljesített ügylet – Áfa tv. hatályán kívül",
    ),
}

# The seller's VAT status (Saját cégadatok).
STATUS_NORMAL = "normal"
STATUS_AAM = "aam"  # alanyi adómentes: every line AAM, NAV's individualExemption
STATUS_CASH = "cash_accounting"  # pénzforgalmi elszámolás: NAV's cashAccountingIndicator
VAT_STATUSES = {
    STATUS_NORMAL: "Általános (ÁFA-körös)",
    STATUS_AAM: "Alanyi adómentes",
    STATUS_CASH: "Pénzforgalmi elszámolás",
}
CASH_ACCOUNTING_TEXT = "Pénzforgalmi elszámolás"  # Áfa tv. 169. § h) – these very words
AAM_SELLER_TEXT = "Alanyi adómentes – Áfa tv. XIII. fejezet"


def exemption_reason(code: str) -> str:
    return EXEMPTIONS.get(code, (code, code))[0]


def exemption_text(code: str) -> str:
    return EXEMPTIONS.get(code, (code, code))[1]
