"""Uploads are refused while they arrive, not after they have arrived.

Django's own upload handlers keep a file in memory or in a temporary file until
the whole request body is in; only then can a form or a service look at its
size. `LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS and refuses as
early as it can:

- before any file is read, when the request's Content-Length is larger than
  ATTACHMENT_MAX_BYTES plus room for the form's other fields;
- while a file arrives, as soon as the file bytes of the request pass
  ATTACHMENT_MAX_BYTES.

It then raises StopUpload: the parser stops, the partial file is closed and
deleted, and nothing of it is in `request.FILES`. The fields sent before the
file (the CSRF token, which item it is for) are kept. `refusal(request)` gives
the refusal with its translated message (a `TooLarge`, which the API would answer
with 413); a view that takes files asks it first, so that the person reads "the
file is too large" rather than "choose a file".

How the upload stops: when the declared body is at most DRAIN_FACTOR times the
limit, the rest of it is read and thrown away (`connection_reset=False`), so
that the browser receives the page with the message. A larger body is not read
on (`connection_reset=True`): the server answers and closes the connection, and
a client sending gigabytes gets a reset instead of a page.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

from gilde.core.errors import Invalid

# Room next to a file of the largest size for the multipart boundaries and the
# form's other fields (a CSRF token, an item reference).
FORM_OVERHEAD_BYTES = 64 * 1024
# Up to this many times the limit, a refused body is still read (and dropped) so
# that the browser shows the answer; beyond it the connection is reset.
DRAIN_FACTOR = 2

_REFUSED = "_gilde_upload_refused"


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


class TooLarge(Invalid):
    """A file over the limit: a message on a page, 413 from the API."""

    status = 413


def too_large(limit: int | None = None) -> TooLarge:
    """The refusal of a file that is too large, with the limit in MB."""
    limit = max_bytes() if limit is None else limit
    return TooLarge(
        _("The file is too large: at most %(size)s MB.") % {"size": limit // (1024 * 1024)},
        field="file",
    )


def refusal(request) -> TooLarge | None:
    """The refusal of an upload that `LimitedUploadHandler` stopped, or None.

    Reads the request's files first (parsing the body if that has not happened).
    """
    request.FILES  # noqa: B018 - parsing the body runs the upload handlers
    return too_large() if getattr(request, _REFUSED, False) else None


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload as soon as it is known to be larger than ATTACHMENT_MAX_BYTES."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_bytes()
        self.declared = 0
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 - Django's signature
        # Only remember the size: refusing here would lose the fields before the file.
        self.declared = content_length
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.declared > self.limit + FORM_OVERHEAD_BYTES:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler stores the file

    def _stop(self):
        if self.request is not None:
            setattr(self.request, _REFUSED, True)
        raise StopUpload(connection_reset=self.declared > DRAIN_FACTOR * self.limit)


# -- what a file may be ----------------------------------------------------------

# Files a browser runs script from when it opens them: never accepted, whatever
# else is allowed (an SVG or an HTML page served from the site's own domain
# could act as the person who opens it).
ACTIVE_CONTENT = {
    ".svg", ".svgz", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".js", ".mjs",
}  # fmt: skip

# The leading bytes each binary type begins with (its "magic number"). Office
# Open XML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods, .odp) files are ZIP
# archives. A type listed in TEXT has no signature: it must simply not be binary.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and "WEBP" at offset 8, see _starts_right
    ".zip": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
}
TEXT = {".txt", ".md", ".csv"}
# How much of a text file is read to see that it is text (no NUL bytes).
TEXT_PROBE_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _head(upload, size: int) -> bytes:
    """The first `size` bytes of an uploaded file, leaving it at its start."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _starts_right(extension: str, head: bytes) -> bool:
    if extension in TEXT:
        return head.startswith(_UTF16_BOMS) or b"\x00" not in head
    if not head.startswith(SIGNATURES[extension]):
        return False
    return extension != ".webp" or head[8:12] == b"WEBP"


def check_type(upload, name: str, allowed: set[str]) -> None:
    """Refuse `upload` (called `name`) unless its type is allowed and its content is of it.

    Raises Invalid (field "file"): for SVG and HTML with a message of its own; for a
    type not in `allowed`; and for a file whose leading bytes do not match its
    extension (a program renamed to .pdf). Every type in `allowed` must be in
    SIGNATURES or TEXT.
    """
    extension = Path(name).suffix.lower()
    if extension in ACTIVE_CONTENT:
        raise Invalid(
            _("SVG and HTML files cannot be attached: they can contain scripts."), field="file"
        )
    if extension not in allowed:
        raise Invalid(
            _("Files of this type cannot be attached. Allowed: %(types)s")
            % {"types": ", ".join(sorted(allowed))},
            field="file",
        )
    size = TEXT_PROBE_BYTES if extension in TEXT else 16
    if not _starts_right(extension, _head(upload, size)):
        raise Invalid(
            _("This is not a %(type)s file: what it contains does not match its name.")
            % {"type": extension.lstrip(".").upper()},
            field="file",
        )
