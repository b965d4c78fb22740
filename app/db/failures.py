"""What a database failure means for the user: corrupt, foreign, read-only, full, newer.

The drivers' own errors (SQLite's result codes, PostgreSQL's SQLSTATE, the OS's errno) become
Hungarian messages that say what to do. The technical detail is the driver's first line only:
SQLAlchemy's text of a failed statement carries the SQL and its parameters – product names,
customer data – which belong in no message box.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

from app.errors import AppError, DatabaseError

CORRUPT = (
    "Az adatbázisfájl sérült{where}. Állítsa vissza a legutóbbi jó mentést: Program › Biztonsági mentés "
    "› Visszaállítás (parancssorból: bolthid restore MENTÉSFÁJL). A sérült fájlról a program nem készít "
    "mentést, hogy a jó mentéseket ne szorítsa ki."
)
SERVER_CORRUPT = (
    "Az adatbázis-kiszolgáló sérült adatot jelzett. Kérje meg a rendszergazdát, hogy ellenőrizze a "
    "kiszolgálót, és szükség esetén állítsa vissza a legutóbbi mentést (pg_restore)."
)
NOT_OURS = (
    "A(z) {file} fájl nem Bolthíd adatbázis. Válassza ki a helyes adatbázisfájlt, vagy állítson vissza "
    "egy mentést (Program › Biztonsági mentés). A fájlhoz a program nem nyúlt."
)
NOT_OURS_SERVER = (
    "A megadott PostgreSQL adatbázisban más program táblái vannak, Bolthíd-adatok nincsenek. Adjon meg "
    "egy üres vagy Bolthíd-adatbázist; ehhez a program nem nyúlt."
)
FULL = (
    "Betelt a lemez (vagy a kiszolgálón az adatbázis tárhelye): a művelet nem mentődött el, a korábbi "
    "adatok épek. Szabadítson fel helyet, majd próbálja újra."
)
READ_ONLY = (
    "Az adatbázis csak olvasható{where}: a listák megnézhetők, de módosítani nem lehet. Ellenőrizze a "
    "fájl és a mappája írási jogát (közös adatbázisnál a felhasználó jogait a kiszolgálón), vagy "
    "másolja az adatbázist írható helyre."
)
NO_PERMISSION = (
    "Az adatbázis-felhasználónak nincs joga ehhez a művelethez. Kérje meg a rendszergazdát, hogy adjon "
    "írási jogot a Bolthíd adatbázisára."
)
CANNOT_OPEN = (
    "Az adatbázisfájl nem nyitható meg{where}. Ellenőrizze, hogy a mappa létezik és Ön írhatja "
    "(hálózati meghajtó: elérhető-e)."
)
NEWER = (
    "Ezt az adatbázist a program újabb verziójával készítették (szerkezete: {revision}). Ez a verzió "
    "({version}) nem nyitja meg és nem is ment róla, hogy ne rontsa el. Frissítse a Bolthídat a "
    "legújabb verzióra."
)

# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 8, 11, 13, 14, 26


def location(url: str) -> str:
    """Where a database is, for a message: the SQLite file, or the server without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url_obj = make_url(url)
    except (ArgumentError, ValueError):  # said by app.db.engine.parse_url; here: no location at all
        return ""
    if url_obj.get_backend_name() == "sqlite":
        return url_obj.database or ""
    return url_obj.render_as_string(hide_password=True)


def _where(location: str) -> str:
    return f" ({location})" if location else ""


def first_line(exc: BaseException) -> str:
    """An error's first line: the driver's message without the statement and its parameters."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explain(exc: BaseException, location: str = "") -> AppError | None:
    """The user's message for a database or disk failure, or None when ``exc`` is none of them.

    ``location``: the database file or the server (without its password) for the message.
    """
    orig: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = first_line(orig)
    if isinstance(orig, sqlite3.Error):
        code = (getattr(orig, "sqlite_errorcode", 0) or 0) & 0xFF
        message = str(orig).lower()
        if code == _SQLITE_CORRUPT or "malformed" in message:
            return DatabaseError(CORRUPT.format(where=_where(location)), detail)
        if code == _SQLITE_NOTADB or "file is not a database" in message:
            return DatabaseError(NOT_OURS.format(file=location or "megadott"), detail)
        if code == _SQLITE_FULL or "disk is full" in message:
            return DatabaseError(FULL, detail)
        if code == _SQLITE_READONLY or "readonly database" in message:
            return DatabaseError(READ_ONLY.format(where=_where(location)), detail)
        if code == _SQLITE_CANTOPEN or "unable to open database" in message:
            return DatabaseError(CANNOT_OPEN.format(where=_where(location)), detail)
        return None
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        if sqlstate.startswith("53"):  # insufficient resources: disk full, out of memory
            return DatabaseError(FULL, detail)
        if sqlstate == "25006":  # read_only_sql_transaction
            return DatabaseError(READ_ONLY.format(where=_where(location)), detail)
        if sqlstate == "42501":  # insufficient_privilege
            return DatabaseError(NO_PERMISSION, detail)
        if sqlstate in ("XX001", "XX002"):  # data_corrupted, index_corrupted
            return DatabaseError(SERVER_CORRUPT, detail)
        return None
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DatabaseError(FULL, detail)
    return None
