"""Column types that keep money exact and times in UTC on both SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# How many distinct amounts per column a result processor keeps for sharing (entries).
_SHARED_DECIMALS = 20000


class ExactDecimal(TypeDecorator[Decimal]):
    """A fixed-scale decimal: NUMERIC on PostgreSQL, a scaled integer on SQLite.

    SQLite has no decimal type and would store NUMERIC values as binary floats; storing
    ``value × 10^scale`` as an integer keeps every amount exact there, and SUM() stays exact
    because it adds integers (its result comes back through this type too).
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 16, scale: int = 2) -> None:
        super().__init__()
        self.precision = precision
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("float is not accepted in a decimal column; use Decimal")
        value = Decimal(value)
        if value != value.quantize(self._quantum):
            raise ValueError(f"{value} has more than {self.scale} decimals")
        if dialect.name == "sqlite":
            return int(value.scaleb(self.scale))
        return value

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        # The same checks as process_bind_param in one closure: an imported order binds some thirty
        # amounts, and the generic TypeDecorator chain cost more than the conversion (the
        # BigInteger impl has no processor of its own on SQLite to chain to).
        quantum, scale = self._quantum, self.scale

        def process(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, float):
                raise TypeError("float is not accepted in a decimal column; use Decimal")
            if not isinstance(value, Decimal):
                value = Decimal(value)
            if value != value.quantize(quantum):
                raise ValueError(f"{value} has more than {scale} decimals")
            return int(value.scaleb(scale))

        return process

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            # scaleb of an integral Decimal is exact and already carries ``scale`` decimals.
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value).quantize(self._quantum)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        # Lists read hundreds of thousands of amounts: a direct closure instead of the generic
        # TypeDecorator chain, and equal amounts share one Decimal object (prices repeat a lot).
        exponent = -self.scale
        cache: dict[int, Decimal] = {}

        def process(value: Any) -> Decimal | None:
            if value is None:
                return None
            found = cache.get(value)
            if found is None:
                found = Decimal(int(value)).scaleb(exponent)
                if len(cache) < _SHARED_DECIMALS:
                    cache[value] = found
            return found

        return process

    def __repr__(self) -> str:
        return f"ExactDecimal({self.precision}, {self.scale})"


def Money() -> ExactDecimal:
    """An amount in a document's currency (2 decimals; HUF amounts are whole by rule)."""
    return ExactDecimal(16, 2)


def UnitPrice() -> ExactDecimal:
    """A unit price; 4 decimals so that net prices derived from gross ones are not cut short."""
    return ExactDecimal(18, 4)


def Quantity() -> ExactDecimal:
    return ExactDecimal(14, 3)


def Rate() -> ExactDecimal:
    """A percentage such as 27.00, or an exchange rate such as 392.1500."""
    return ExactDecimal(12, 4)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware datetimes (UTC)")
        value = value.astimezone(UTC)
        # SQLite keeps text; drop the offset so values sort and compare as plain UTC strings.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
