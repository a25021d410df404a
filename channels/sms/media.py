"""The background job that fetches pictures sent with texts, keeps them, then deletes them at Twilio.

Run by ``flask --app intake.app sms-fetch-media``. Each file moves pending -> stored -> done;
a failed step is retried with back-off and, after the last attempt, left marked failed for
staff (the raw form still names it). Logs carry ids only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from channels.sms.remote_media import (
    RemoteFile,
    RemoteMediaStatus,
    claim_remote_media,
    due_remote_media,
    remote_media_deleted,
    remote_media_failed,
    store_remote_media,
)
from channels.sms.twilio_api import MediaRefused, TwilioApi
from intake.public import Channel, Intake

log = logging.getLogger(__name__)


@dataclass
class MediaStats:
    stored: int = 0
    deleted: int = 0
    retrying: int = 0


def fetch_due_media(intake: Intake, api: TwilioApi, *, limit: int = 50) -> MediaStats:
    """One pass: every file due for its next step gets it."""
    stats = MediaStats()
    for media_id in due_remote_media(intake, Channel.SMS.value, limit=limit):
        claimed = claim_remote_media(intake, media_id)
        if claimed is not None:
            _step(intake, api, claimed, stats)
    return stats


def _step(intake: Intake, api: TwilioApi, media: RemoteFile, stats: MediaStats) -> None:
    try:
        if media.status == RemoteMediaStatus.PENDING:
            store_remote_media(intake, media.id, api.fetch_media(media.url))
            stats.stored += 1
        api.delete_media(media.url)
    except MediaRefused as refused:
        remote_media_failed(intake, media.id, str(refused), permanent=True)
    except Exception as error:  # noqa: BLE001 - network, Twilio or storage trouble: retry; never stop the batch
        _retry_later(intake, media, type(error).__name__, stats)
    else:
        remote_media_deleted(intake, media.id)
        stats.deleted += 1


def _retry_later(intake: Intake, media: RemoteFile, reason: str, stats: MediaStats) -> None:
    remote_media_failed(intake, media.id, reason)
    stats.retrying += 1
    log.info("remote media %s: %s, will retry", media.id, reason)
