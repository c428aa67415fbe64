"""The wire: one request as a user, JSON or multipart, with the declared headers."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

# A valid 1x1 PNG: image fields run Pillow's verification on uploads.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


# What Django's ModelBackend caches on a user object between permission checks.
_USER_CACHES = ("_perm_cache", "_user_perm_cache", "_group_perm_cache")


@dataclass(frozen=True)
class Upload:
    """A small valid file for a file or image field; each request gets a fresh file object."""

    name: str
    content: bytes
    content_type: str

    def open(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content, content_type=self.content_type)

    def __str__(self) -> str:
        return f"<file {self.name}>"


@dataclass(frozen=True)
class Raw:
    """A body sent byte for byte with its own content type: malformed JSON, a wrong type."""

    content: bytes
    content_type: str

    def __str__(self) -> str:
        return f"<{self.content_type} body {self.content[:40]!r}>"


def send(
    user: Any,
    method: str,
    url: str,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """One request as ``user`` (None: anonymous), in a savepoint of its own.

    A body holding an ``Upload`` goes as multipart (as browsers and mobile clients send
    files); any other body as JSON. A server error comes back as a 500 response.
    """
    client = APIClient()
    client.raise_request_exception = False
    if user is not None:
        for cache in _USER_CACHES:  # every request starts cold, so counts never depend on order
            user.__dict__.pop(cache, None)
        client.force_authenticate(user)
    guardian = sys.modules.get("guardian.shortcuts")
    if guardian is not None:  # its content-type cache lives for the process: start cold too
        guardian.clear_ct_cache()
    data, content_type = encode(body)
    response = None
    try:
        with transaction.atomic():
            response = client.generic(method, url, data, content_type, headers=dict(headers or {}))
            if response.status_code >= 500:
                # A database error behind the 500 leaves PostgreSQL's transaction aborted: undo
                # the request so the check's next query still runs.
                transaction.set_rollback(True)
    except DatabaseError:
        if response is None:
            raise
        # The view caught a database error itself, leaving the transaction aborted: Django
        # rolled back to the request's savepoint before raising on its release.
    return response


def encode(body: Any) -> tuple[Any, str]:
    """(wire data, content type): multipart when the body holds a file, else JSON."""
    if isinstance(body, Raw):
        return body.content, body.content_type
    if isinstance(body, Mapping) and any(isinstance(v, Upload) for v in body.values()):
        form = {k: v.open() if isinstance(v, Upload) else v for k, v in body.items()}
        form = {k: v for k, v in form.items() if v is not None}  # multipart has no null
        return encode_multipart(BOUNDARY, form), MULTIPART_CONTENT
    return ("" if body is None else json.dumps(body, default=str)), "application/json"
