"""Termék szinkron: Webáruházas products (fields, image, stock) pushed to a UNAS shop, only what changed.

Each product's shop link remembers what was last pushed (fields fingerprint, image hash, stock
figure). The caller (``app.sync.shop_sync``) pulls new orders first, so reservations are current;
a run links our products to shop products with the same SKU, creates missing categories, then
sends setProduct records for new or changed products, separate image records for changed images,
and setStock ``modify`` (absolute) records for changed free stock. Results are committed after
every call, so an interrupted run resumes without re-sending what succeeded; an ``add`` whose
answer was lost is found by SKU next time and linked instead of being added twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.db import catalog_revision
from app.db.database import Database
from app.db.shop_links import ShopProductLink
from app.db.shops import Shop
from app.errors import AppError
from app.output.product_images import check_image
from app.progress import Progress, SilentProgress
from app.sync import killpoints
from app.sync.product_data import LocalProduct, image_bytes, load_webshop_products
from app.sync.product_plan import ProductSyncReport, PushPlan, plan_push
from app.sync.product_writes import (
    DONE_TEXT,
    NO_IMAGE,
    LinkState,
    PendingWrite,
    image_filename,
    image_version,
    load_links,
    product_write,
    refusal_reason,
)
from app.sync.shop_categories import ensure_categories, normalize_path
from app.sync.stock_diff import stock_to_send
from app.sync.sync_log import Event
from app.timeutil import utcnow
from app.unas import products as unas_products
from app.unas import stock as unas_stock
from app.unas.client import UnasClient
from app.unas.errors import UnasError
from app.unas.records import ItemResult, ProductImage, ProductWrite, SetResult, StockWrite

log = logging.getLogger(__name__)

# Records per set call (the contract's cheap tier is ≤ 100 records per call).
CHUNK = 100
# Rounds of re-sending records a call never reached (UNAS may stop at the first failing item).
MAX_ROUNDS = 5


def push_products(
    db: Database,
    shop_id: int,
    client: UnasClient,
    *,
    plan: PushPlan | None = None,
    confirmed: bool = False,
    progress: Progress | None = None,
    quick: bool = False,
) -> ProductSyncReport:
    """Send what changed. ``quick`` (the 5-minute tick): while nothing a push sends has changed
    since a push found every field sent (app.db.catalog_revision), compare the stock alone."""
    progress = progress or SilentProgress()
    with db.reading() as session:
        shop = session.get(Shop, shop_id)
        assert shop is not None
        report = ProductSyncReport(shop.name)
        # Read before any product: a change committed later raises it past what this run records.
        revision = catalog_revision.current(session)
        checked = shop.fields_checked_revision
        pushed_before = shop.products_pushed_at is not None
        unchanged = quick and pushed_before and revision is not None and checked == revision
    try:
        progress.report(0, None, "Termékek összevetése a webáruházzal")
        run = _Run(db, shop_id, client, report, progress)
        if unchanged and plan is None:
            run.stock_only()
            return report
        planned_now = plan is None
        plan = plan or plan_push(db, shop_id, client)
        if plan.needs_confirmation and not confirmed:
            report.needs_confirmation = True
            report.plan = plan
            return report
        # A plan made just now has read the products; one confirmed later is read again.
        run.run(plan, reuse_products=planned_now)
        run.mark(plan.first_push, revision if revision != checked else None)
    except UnasError as exc:
        report.complete = False
        report.messages.append(exc.user_message)
    return report


# Sync log event kinds of the product push's records.
_EVENT_KIND = {"add": "product", "fields": "product", "image": "image", "stock": "stock"}


class _Run:
    def __init__(
        self, db: Database, shop_id: int, client: UnasClient, report: ProductSyncReport, progress: Progress
    ) -> None:
        self.db, self.shop_id, self.client, self.report, self.progress = db, shop_id, client, report, progress

    def run(self, plan: PushPlan, *, reuse_products: bool = False) -> None:
        for code, problem in plan.invalid:
            self.report.errors.append((code, problem))
            self.report.events.append(Event("product", "error", code, problem))
        with self.db.reading() as session:
            read = plan.local if reuse_products else load_webshop_products(session)
            local = [p for p in read if p.sku_problem is None]
            links = load_links(session, self.shop_id)
        # The write lock only when a link must be made or completed (a quiet tick makes none): a user
        # saving a document meanwhile does not wait for the comparison below.
        if any(self._needs_link_write(p, links.get(p.id), plan) for p in local):
            with self.db.transaction() as session:
                links = self._link_all(session, local, plan)
        with self.db.reading() as session:
            stock = stock_to_send(session, self.shop_id)  # only what differs from the shop's figure
        self._push(self._changes(local, links, stock))

    def stock_only(self) -> None:
        """The quiet tick: no field can differ, so only the products whose stock does are read."""
        with self.db.reading() as session:
            stock = stock_to_send(session, self.shop_id)
            if not stock:
                return
            local = [p for p in load_webshop_products(session, stock) if p.sku_problem is None]
            links = load_links(session, self.shop_id, stock)
        self._push(self._changes(local, links, stock))
        self.mark(first_push=False, revision=None)

    def _push(self, pending: list[PendingWrite]) -> None:
        self._ensure_categories(pending)
        records = [p for p in pending if p.kind in ("add", "fields")]
        self._send(records, "setProduct")
        self._send(self._with_image_bytes([p for p in pending if p.kind == "image"]), "setProduct")
        self._send([p for p in pending if p.kind == "stock"], "setStock")

    def mark(self, first_push: bool, revision: int | None) -> None:
        """The "pushed at" mark ends the first push's confirmation; a complete run without errors
        records the catalog revision it read (given when it differs from the one recorded), so that
        the next ticks compare only the stock. A run that sent nothing and records nothing writes
        nothing (a quiet tick holds no write lock at all)."""
        if not self.report.complete:
            return
        record = revision is not None and not self.report.errors
        if not (first_push or self.report.touched or record):
            return
        with self.db.transaction() as session:
            shop = session.get(Shop, self.shop_id)
            assert shop is not None
            if first_push or self.report.touched:
                shop.products_pushed_at = utcnow()
            if record:
                shop.fields_checked_revision = revision

    # -- linking --------------------------------------------------------------------------------

    @staticmethod
    def _needs_link_write(product: LocalProduct, link: LinkState | None, plan: PushPlan) -> bool:
        """What _link_all would write for this product: a new link, or the shop id of one found."""
        if link is None:
            return True
        return link.shop_product_id is None and product.code.lower() in plan.found

    def _link_all(self, session: Session, local: list[LocalProduct], plan: PushPlan) -> dict[int, LinkState]:
        """Every valid product gets a link row; one found in the shop gets its shop id.

        Core statements, not ORM objects: a first push links 10,000 products at once.
        """
        known = set(
            session.scalars(select(ShopProductLink.product_id).where(ShopProductLink.shop_id == self.shop_id))
        )
        new = [
            {"shop_id": self.shop_id, "product_id": p.id, "sku": p.code, "error": "", "per_variant": False}
            for p in local
            if p.id not in known
        ]
        if new:
            session.execute(insert(ShopProductLink), new)
        links = load_links(session, self.shop_id)
        found_rows = []
        for product in local:
            link = links.get(product.id)
            found = plan.found.get(product.code.lower())
            if link is None or found is None or link.shop_product_id is not None:
                continue
            link.shop_product_id = found.id or "?"
            link.per_variant = bool(found.stock_per_variant)
            link.image_hash = None if found.image_urls else NO_IMAGE
            link.fields_hash = None  # overwritten with ours on this run
            found_rows.append(
                {
                    "id": link.id,
                    "shop_product_id": link.shop_product_id,
                    "per_variant": link.per_variant,
                    "image_hash": link.image_hash,
                    "fields_hash": None,
                }
            )
            if link.per_variant:
                self.report.messages.append(
                    f"{product.code}: a webáruházban változatonként van készlete, a készletét nem frissítjük."
                )
        if found_rows:
            session.execute(update(ShopProductLink), found_rows)
        return links

    # -- what changed ---------------------------------------------------------------------------

    def _changes(
        self,
        local: list[LocalProduct],
        links: dict[int, LinkState],
        stock: dict[int, Decimal],
    ) -> list[PendingWrite]:
        pending: list[PendingWrite] = []
        for product in local:
            link = links.get(product.id)
            if link is None:
                continue
            # None: the shop already has this figure (or the stock is not recorded here).
            free = stock.get(product.id) if product.stock_recorded else None
            if link.shop_product_id is None:
                if not product.category:
                    self._fail(
                        product,
                        link.id,
                        "Új webáruházas termékhez kategória kell (az UNAS kötelezővé teszi): "
                        "adjon meg legalább egy kategóriát.",
                    )
                    continue
                write = product_write(product, "add", stock=free)
                pending.append(PendingWrite("add", product, link.id, write, product.image_sha, free))
                continue
            if link.fields_hash != product.fields_hash or link.sku != product.code:
                write = product_write(product, "modify")
                if link.sku != product.code:
                    # Our product code changed: the shop product is renamed, not duplicated.
                    write = replace(write, sku=link.sku, sku_new=product.code)
                pending.append(PendingWrite("fields", product, link.id, write))
            if product.image_sha and product.image_sha != link.image_hash:
                version = None if link.image_hash == NO_IMAGE else image_version()
                write = ProductWrite(sku=product.code, image=ProductImage(b"", version=version))
                pending.append(PendingWrite("image", product, link.id, write, product.image_sha))
            if free is not None and not link.per_variant and free != link.stock_pushed:
                pending.append(
                    PendingWrite("stock", product, link.id, StockWrite(product.code, free), stock=free)
                )
        return pending

    def _ensure_categories(self, pending: list[PendingWrite]) -> None:
        paths = {p.product.category for p in pending if p.kind in ("add", "fields") and p.product.category}
        if not paths:
            return
        failed = ensure_categories(self.client, {normalize_path(p) for p in paths if p})
        if not failed:
            return
        keep = []
        for item in pending:
            reason = failed.get(normalize_path(item.product.category or ""))
            if item.kind in ("add", "fields") and reason:
                self._fail(item.product, item.link_id, reason)
            else:
                keep.append(item)
        pending[:] = keep

    def _with_image_bytes(self, pending: list[PendingWrite]) -> list[PendingWrite]:
        if not pending:
            return []
        with self.db.reading() as session:
            data = image_bytes(session, [p.product.id for p in pending])
        ready = []
        for item in pending:
            raw = data.get(item.product.id)
            if raw is None:
                continue
            image = self._checked_image(item.product, raw[0], raw[1])
            if image is None:
                continue
            assert isinstance(item.write, ProductWrite) and item.write.image is not None
            item.write = ProductWrite(
                sku=item.product.code,
                image=ProductImage(
                    image, filename=image_filename(item.product, raw[1]), version=item.write.image.version
                ),
            )
            ready.append(item)
        return ready

    def _checked_image(self, product: LocalProduct, data: bytes, mime: str) -> bytes | None:
        try:
            return check_image(data, label=f"{product.code} – {product.name}").data
        except AppError as exc:
            self.report.errors.append((product.code, exc.user_message))
            return None

    # -- sending --------------------------------------------------------------------------------

    def _send(self, pending: list[PendingWrite], endpoint: str) -> None:
        if not self.report.complete:
            return
        # New products carry their image in the add record (Import.Encoded, no version).
        pending = [self._attach_add_image(p) for p in pending] if endpoint == "setProduct" else pending
        total = len(pending)
        done = 0
        for _round in range(MAX_ROUNDS):
            if not pending:
                return
            retry: list[PendingWrite] = []
            for start in range(0, len(pending), CHUNK):
                self.progress.raise_if_cancelled()
                chunk = pending[start : start + CHUNK]
                result, error = self._call(endpoint, chunk)
                killpoints.reached("after_push_call")
                retry += self._record(chunk, result)
                done += sum(1 for i in result.items if i.status != "not_reached")
                self.progress.report(min(done, total), total, "Termékek küldése a webáruházba")
                if error is not None:
                    self.report.complete = False
                    self.report.messages.append(
                        error.user_message if isinstance(error, AppError) else "A küldés megszakadt."
                    )
                    return
            if len(retry) == len(pending):
                break  # no progress in a whole round
            pending = retry
        if pending:
            self.report.complete = False
            self.report.messages.append(
                f"{len(pending)} tételt a webáruház többszöri próbálkozásra sem dolgozott fel; a következő "
                "futás újra elküldi."
            )

    def _attach_add_image(self, item: PendingWrite) -> PendingWrite:
        if item.kind != "add" or not item.image_sha:
            return item
        with self.db.reading() as session:
            raw = image_bytes(session, [item.product.id]).get(item.product.id)
        image = self._checked_image(item.product, *raw) if raw else None
        if image is None or raw is None:
            item.image_sha = None
            return item
        assert isinstance(item.write, ProductWrite)
        item.write = product_write(
            item.product,
            "add",
            ProductImage(image, filename=image_filename(item.product, raw[1])),
            item.stock,
        )
        return item

    def _call(self, endpoint: str, chunk: list[PendingWrite]) -> tuple[SetResult, Exception | None]:
        if endpoint == "setStock":
            return unas_stock.set_stock(self.client, [p.write for p in chunk])  # type: ignore[misc]
        return unas_products.set_products(self.client, [p.write for p in chunk])  # type: ignore[misc]

    def _record(self, chunk: list[PendingWrite], result: SetResult) -> list[PendingWrite]:
        """Commit what the shop accepted; return the records it never reached."""
        retry = []
        now = utcnow()
        rows: list[dict[str, object]] = []
        errors: dict[int, str] = {}
        exists = self._already_in_shop(chunk, result)
        with self.db.transaction() as session:
            held = {
                link_id: error
                for link_id, error in session.execute(
                    select(ShopProductLink.id, ShopProductLink.error).where(
                        ShopProductLink.id.in_([i.link_id for i in chunk])
                    )
                )
            }
            for item, answer in zip(chunk, result.items, strict=True):
                if item.link_id not in held:
                    continue  # the product was unlinked meanwhile
                if answer.status == "not_reached":
                    retry.append(item)
                elif item.kind == "add" and item.product.code in exists:
                    # Created by an earlier call whose answer we never saw (a set call answered
                    # with one root <Error>, a lost answer): linked, never added twice; the
                    # fields and stock go out as a modify next time.
                    rows.append(
                        {"id": item.link_id, "shop_product_id": exists[item.product.code], "error": ""}
                    )
                    self.report.events.append(
                        Event(
                            "product", "ok", item.product.code, "Már megvolt a webáruházban: összekapcsolva"
                        )
                    )
                elif answer.status == "ok":
                    rows.append(
                        {"id": item.link_id, "pushed_at": now, "error": "", **self._accepted(item, answer)}
                    )
                    self.report.touched.add(item.product.id)
                    self.report.events.append(
                        Event(_EVENT_KIND[item.kind], "ok", item.product.code, DONE_TEXT[item.kind])
                    )
                else:
                    reason = refusal_reason(answer, held[item.link_id])
                    errors[item.link_id] = reason
                    self.report.errors.append((item.product.code, reason))
                    self.report.events.append(
                        Event(_EVENT_KIND[item.kind], "error", item.product.code, reason)
                    )
            # Bulk UPDATE by primary key (one statement per set of columns), not one per row.
            by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
            for row in rows:
                by_columns.setdefault(tuple(sorted(row)), []).append(row)
            by_columns[("error", "id")] = [{"id": i, "error": e} for i, e in errors.items()]
            for group in by_columns.values():
                if group:
                    session.execute(update(ShopProductLink), group)
        return retry

    def _already_in_shop(self, chunk: list[PendingWrite], result: SetResult) -> dict[str, str]:
        """SKU → shop id of the refused adds that the shop has after all (one getProduct)."""
        refused = [
            item.product.code
            for item, answer in zip(chunk, result.items, strict=True)
            if item.kind == "add" and answer.status == "error"
        ]
        if not refused:
            return {}
        try:
            found = unas_products.get_products(self.client, unas_products.ProductQuery(skus=refused))
        except UnasError:
            return {}  # the refusal stands; the next run asks again
        return {p.sku: p.id for p in found if p.id and p.sku in refused}

    def _accepted(self, item: PendingWrite, answer: ItemResult) -> dict[str, object]:
        if item.kind == "add":
            self.report.created += 1
            return {
                "shop_product_id": answer.id or "?",
                "fields_hash": item.product.fields_hash,
                "image_hash": item.image_sha or NO_IMAGE,
                "stock_pushed": item.stock,
            }
        if item.kind == "fields":
            self.report.updated += 1
            return {"fields_hash": item.product.fields_hash, "sku": item.product.code}
        if item.kind == "image":
            self.report.images += 1
            return {"image_hash": item.image_sha}
        self.report.stock += 1
        return {"stock_pushed": item.stock}

    def _fail(self, product: LocalProduct, link_id: int, reason: str) -> None:
        self.report.errors.append((product.code, reason))
        self.report.events.append(Event("product", "error", product.code, reason))
        with self.db.transaction() as session:
            link = session.get(ShopProductLink, link_id)
            if link is not None:
                link.error = reason
