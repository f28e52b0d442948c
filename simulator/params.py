"""Bot API request parameters and errors, in Telegram's words.

A Bot API call may carry its parameters as a JSON object, as a query string, as
`application/x-www-form-urlencoded` or as `multipart/form-data`. python-telegram-bot sends form
data in which every non-string value (numbers, booleans, `reply_markup`) is a JSON string, so
each getter here accepts both the native JSON value and its form-encoded text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_INT_RE = re.compile(r"-?\d+")


class ApiError(Exception):
    """A Bot API failure, answered as `{"ok": false, "error_code": ..., "description": ...}`.

    Attributes:
        status: HTTP status and `error_code`.
        description: Telegram's description, e.g. "Bad Request: chat not found".
        retry_after: Seconds to wait, sent as `parameters.retry_after` (429 only).
    """

    def __init__(self, status: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status,
                                "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """A 400 error whose description starts with "Bad Request: " as Telegram's do."""
    return ApiError(400, f"Bad Request: {reason}")


def _generic(value: Any) -> Any:
    """Best-effort decoding of a form value for the call record (not for method logic)."""
    if not isinstance(value, str):
        return value
    if _INT_RE.fullmatch(value):
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class Params:
    """Typed access to one call's parameters; remembers the decoded values for the call log."""

    def __init__(self, raw: Mapping[str, Any]):
        self._raw = dict(raw)
        self._typed: dict[str, Any] = {}

    def has(self, name: str) -> bool:
        """Whether the parameter was sent (an empty form value counts as absent)."""
        return self._raw.get(name) not in (None, "")

    def record(self) -> dict[str, Any]:
        """The parameters as the method understood them, for `/sim/calls`."""
        return {name: self._typed.get(name, _generic(value)) for name, value in self._raw.items()}

    def _keep(self, name: str, value: Any) -> Any:
        self._typed[name] = value
        return value

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """A string parameter; numbers sent as JSON become their text."""
        value = self._raw.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or isinstance(value, dict | list):
            raise bad_request(f'field "{name}" must be of type String')
        return self._keep(name, str(value))

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter (JSON number or decimal text)."""
        value = self._raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            return self._keep(name, value)
        if isinstance(value, float) and value.is_integer():
            return self._keep(name, int(value))
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return self._keep(name, int(value))
        raise bad_request(f'field "{name}" must be of type Integer')

    def get_float(self, name: str, default: float | None = None) -> float | None:
        """A number parameter (JSON number or decimal text)."""
        value = self._raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._keep(name, float(value))
        try:
            return self._keep(name, float(str(value)))
        except ValueError:
            raise bad_request(f'field "{name}" must be of type Number') from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter (JSON boolean, or "true"/"false"/"1"/"0" as text)."""
        value = self._raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return self._keep(name, value)
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return self._keep(name, True)
        if text in ("false", "0"):
            return self._keep(name, False)
        raise bad_request(f'field "{name}" must be of type Boolean')

    def get_json(self, name: str) -> Any:
        """An object or array parameter, sent natively or as a JSON string (form data)."""
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return self._keep(name, value)

    def get_chat_id(self, name: str = "chat_id") -> int | str | None:
        """A chat identifier: an integer or an "@username" string."""
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.startswith("@"):
            return self._keep(name, value)
        try:
            return self.get_int(name)
        except ApiError:
            raise bad_request("chat not found") from None
