"""Shared state of the Slack app: channel settings and delivery claims, behind small interfaces.

``SqlStore`` implements both on SQLAlchemy's async engine (SQLite by default, ``CITEBOT_DATABASE_URL``); a
Postgres URL works unchanged, and a Redis claim store only has to provide ``claim``. Claims are atomic in the
database (a unique key), so two workers sharing it still answer a Slack event exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from sqlalchemy import Float, String, delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool

AutoReplyMode = Literal["off", "thread", "unfurl"]
AUTO_REPLY_MODES: tuple[AutoReplyMode, ...] = get_args(AutoReplyMode)
DEFAULT_MODE: AutoReplyMode = "thread"


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """``style`` None means the deployment default (``CITEBOT_DEFAULT_STYLE``)."""

    style: str | None = None
    mode: AutoReplyMode = DEFAULT_MODE


class SettingsStore(Protocol):
    async def channel_settings(self, channel_id: str) -> ChannelSettings: ...

    async def set_style(self, channel_id: str, style: str) -> None: ...

    async def set_mode(self, channel_id: str, mode: AutoReplyMode) -> None: ...


class ClaimStore(Protocol):
    async def claim(self, keys: Sequence[str], ttl_seconds: float) -> bool:
        """Take every key or none: True only for the first caller while the keys are unexpired."""
        ...


class Store(SettingsStore, ClaimStore, Protocol):
    async def close(self) -> None: ...


class _Base(DeclarativeBase):
    pass


class _ChannelRow(_Base):
    __tablename__ = "citebot_channel_settings"

    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    style: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mode: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[float] = mapped_column(Float)


class _ClaimRow(_Base):
    __tablename__ = "citebot_claims"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


_PURGE_EVERY = 500  # claims between sweeps of expired rows
SETTINGS_TTL = 5.0  # seconds a worker keeps a channel's settings


class SqlStore:
    """Channel settings and claims in one SQL database."""

    def __init__(self, engine: AsyncEngine, settings_ttl: float = SETTINGS_TTL) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._claims_since_purge = 0
        # Every channel message reads its channel's settings: keep them briefly so the read is free. A change
        # made through another worker shows here within ``settings_ttl`` seconds.
        self._settings_ttl = settings_ttl
        self._settings: dict[str, tuple[float, ChannelSettings]] = {}

    @classmethod
    async def open(cls, database_url: str, *, settings_ttl: float = SETTINGS_TTL) -> SqlStore:
        engine = create_async_engine(database_url, **_engine_options(database_url))
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", _tune_sqlite)
        async with engine.begin() as conn:
            await conn.run_sync(_Base.metadata.create_all)
        return cls(engine, settings_ttl)

    async def close(self) -> None:
        await self._engine.dispose()

    async def channel_settings(self, channel_id: str) -> ChannelSettings:
        now = time.monotonic()
        cached = self._settings.get(channel_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        async with self._sessions() as session:
            row = await session.get(_ChannelRow, channel_id)
        found = ChannelSettings()
        if row is not None:
            mode = row.mode if row.mode in AUTO_REPLY_MODES else DEFAULT_MODE
            found = ChannelSettings(style=row.style, mode=mode)
        if len(self._settings) > 10_000:
            self._settings.clear()
        self._settings[channel_id] = (now + self._settings_ttl, found)
        return found

    async def set_style(self, channel_id: str, style: str) -> None:
        await self._update(channel_id, style=style)

    async def set_mode(self, channel_id: str, mode: AutoReplyMode) -> None:
        if mode not in AUTO_REPLY_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        await self._update(channel_id, mode=mode)

    async def _update(self, channel_id: str, **values: str) -> None:
        self._settings.pop(channel_id, None)
        for _attempt in range(2):  # a concurrent first write of the same channel makes the insert collide
            try:
                async with self._sessions.begin() as session:
                    row = await session.get(_ChannelRow, channel_id)
                    if row is None:
                        session.add(_ChannelRow(channel_id=channel_id, updated_at=time.time(), **values))
                    else:
                        for name, value in values.items():
                            setattr(row, name, value)
                        row.updated_at = time.time()
                return
            except IntegrityError:
                continue

    async def claim(self, keys: Sequence[str], ttl_seconds: float) -> bool:
        now = time.time()
        try:
            async with self._sessions.begin() as session:
                await session.execute(
                    delete(_ClaimRow).where(_ClaimRow.key.in_(keys), _ClaimRow.expires_at <= now)
                )
                session.add_all(_ClaimRow(key=key, expires_at=now + ttl_seconds) for key in keys)
        except IntegrityError:
            return False
        self._claims_since_purge += 1
        if self._claims_since_purge >= _PURGE_EVERY:
            self._claims_since_purge = 0
            await self.purge_expired()
        return True

    async def purge_expired(self) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(delete(_ClaimRow).where(_ClaimRow.expires_at <= time.time()))
        return int(getattr(result, "rowcount", 0) or 0)

    async def claimed(self, key: str) -> bool:
        """Whether ``key`` is held (for tests and diagnostics)."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(_ClaimRow.key).where(_ClaimRow.key == key, _ClaimRow.expires_at > time.time())
            )
        return found is not None


def _engine_options(database_url: str) -> dict[str, object]:
    if database_url.startswith("sqlite"):
        options: dict[str, object] = {"connect_args": {"timeout": 15}}  # writers wait instead of "locked"
        if database_url.rstrip("/").endswith(("://", ":memory:")):
            options["poolclass"] = StaticPool  # every pooled connection would open its own empty database
        return options
    return {"pool_pre_ping": True}


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers run beside the one writer; NORMAL sync is durable enough for settings and claims.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
