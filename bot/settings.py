"""Settings from the environment and ``.env`` (names as in the interface contract)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="CITEBOT_SLACK_API_URL")

    pubmed_url: str = Field(
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", validation_alias="CITEBOT_PUBMED_URL"
    )
    idconv_url: str = Field(
        "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/", validation_alias="CITEBOT_IDCONV_URL"
    )
    crossref_url: str = Field("https://api.crossref.org/", validation_alias="CITEBOT_CROSSREF_URL")
    datacite_url: str = Field("https://api.datacite.org/", validation_alias="CITEBOT_DATACITE_URL")

    ncbi_api_key: str | None = Field(None, validation_alias="NCBI_API_KEY")
    contact_email: str | None = Field(None, validation_alias="CITEBOT_CONTACT_EMAIL")

    database_url: str = Field("sqlite+aiosqlite:///citebot.db", validation_alias="CITEBOT_DATABASE_URL")
    host: str = Field("0.0.0.0", validation_alias=AliasChoices("CITEBOT_HOST"))
    port: int = Field(3000, validation_alias="CITEBOT_PORT")
    default_style: str = Field("ama", validation_alias="CITEBOT_DEFAULT_STYLE")

    # Not in the contract; tuning knobs with sensible defaults.
    summary_chars: int = Field(600, validation_alias="CITEBOT_SUMMARY_CHARS")
    # The whole budget for one resolve (all tries of all upstreams); each try's timeout is derived from it,
    # so a fault always ends in a Problem well inside 10 s.
    http_timeout: float = Field(8.0, validation_alias="CITEBOT_HTTP_TIMEOUT")
    # When an upstream is not answering, the bot says so and tries again after these waits (seconds),
    # then updates its message with the answer or a final word.
    retry_delays: str = Field("5,15,40", validation_alias="CITEBOT_RETRY_DELAYS")
    max_ids_per_message: int = Field(20, validation_alias="CITEBOT_MAX_IDS")
    tool_name: str = Field("citebot", validation_alias="CITEBOT_TOOL_NAME")

    @property
    def retry_delay_seconds(self) -> tuple[float, ...]:
        parts = (part.strip() for part in self.retry_delays.split(","))
        return tuple(float(part) for part in parts if part)

    @property
    def ncbi_requests_per_second(self) -> float:
        return 10.0 if self.ncbi_api_key else 3.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
