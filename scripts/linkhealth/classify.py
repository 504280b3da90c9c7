"""One linkchecker result -> exactly one class: ok, moved, broken or needs a person.

- ok: the address answers 2xx, directly or after temporary redirects (302, 303, 307):
  the site chose to send readers on for now, and the cited address still works.
- moved: the first redirect is permanent (301, 308) and the chain ends in 2xx. The suggested
  address is the last one reached by permanent redirects alone, so a later temporary hop
  (to a login or a session URL) is not suggested as the new home.
- broken: 404 or 410 (also at the end of redirects), a host name that does not resolve
  (checked again first if the resolver only failed for now), a refused connection.
- needs a person: 403 and other 4xx (often a site turning automated checkers away), 429 and
  5xx that persist after retries, timeouts after retries, TLS errors (self-signed or expired
  certificates), a redirect loop or too many redirects (often a site that wants a browser's
  cookies), robots.txt turning checkers away, and anything else a program can't judge.

Timeouts, 429, 5xx and dropped connections are *transient*: the runner checks them again
before they count as needing a person.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from . import BROKEN, MOVED, NEEDS_PERSON, OK

PERMANENT = (301, 308)
REDIRECTED = re.compile(r"Redirected to `(?P<url>.*)' status: (?P<status>\d{3})")
RETRY_AFTER = re.compile(r"Rate limited \(Retry-After: (?P<value>[^)]*)\)")
STATUS = re.compile(r"^(?P<status>\d{3})\b ?(?P<reason>.*)$")
DROPPED = "connection dropped"  # also what a cut-off message about a failed connection gets
# linkchecker's error text: "<exception>: <message>", cut at 240 characters.
ERRORS = [  # (pattern, class, transient, plain words)
    (r"TooManyRedirects", NEEDS_PERSON, False, "too many redirects: a loop, or a site that wants a browser's cookies"),
    (r"CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError", NEEDS_PERSON, False, "TLS certificate not trusted"),
    (r"SSLError|SSL:", NEEDS_PERSON, False, "TLS error"),
    (r"Timeout|timed out", NEEDS_PERSON, True, "no answer in time"),
    # The resolver could not answer now: checked again, broken if it never can.
    (r"Temporary failure in name resolution|EAI_AGAIN", BROKEN, True, "host name not found (DNS)"),
    (r"NameResolutionError|Failed to resolve|Name or service not known|Hostname not found"
     r"|nodename nor servname|No address associated", BROKEN, False, "host name not found (DNS)"),
    (r"Connection refused|Errno 111\b", BROKEN, False, "connection refused"),
    (r"Connection aborted|Connection reset|RemoteDisconnected|ConnectionError|ChunkedEncodingError",
     NEEDS_PERSON, True, DROPPED),
]


@dataclass
class Outcome:
    url: str
    cls: str
    detail: str
    status: int | None = None
    final_url: str | None = None
    suggested_url: str | None = None
    redirects: list[dict] = field(default_factory=list)
    transient: bool = False
    retry_after: float | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["class"] = data.pop("cls")
        del data["transient"], data["retry_after"]
        return {k: v for k, v in data.items() if v not in (None, [])}


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _tls_reason(text: str) -> str:
    found = re.search(r"certificate verify failed: ([^(]+)", text)
    return f"TLS certificate not trusted: {found.group(1).strip()}" if found else ""


def classify(url: str, result: str, final_url: str = "", warnings: str = "",
             info: str = "") -> Outcome:
    """The class of one URL from linkchecker's result, warnings and info columns."""
    hops = [{"status": int(m["status"]), "to": m["url"]} for m in REDIRECTED.finditer(warnings)]
    base = dict(url=url, redirects=hops, final_url=final_url if hops and final_url != url else None)
    if "Access denied by robots.txt" in info:
        return Outcome(cls=NEEDS_PERSON, detail="robots.txt asks link checkers to stay away; not checked", **base)
    match = STATUS.match(result.strip())
    if not match:
        for pattern, cls, transient, words in ERRORS:
            if re.search(pattern, result):
                detail = _tls_reason(result) or words
                return Outcome(cls=cls, detail=detail, transient=transient, **base)
        return Outcome(cls=NEEDS_PERSON, detail=result.strip() or "no result", **base)

    status, reason = int(match["status"]), match["reason"].strip()
    said = f"{status} {reason}".strip()
    via = f" after a redirect to {hops[-1]['to']}" if hops else ""
    if 200 <= status < 300:
        permanent = []
        for hop in hops:
            if hop["status"] not in PERMANENT:
                break
            permanent.append(hop)
        if permanent:
            to = permanent[-1]["to"]
            return Outcome(cls=MOVED, status=permanent[0]["status"], suggested_url=to,
                           detail=f"moved permanently ({permanent[0]['status']}) to {to}", **base)
        temporary = f" after {len(hops)} temporary redirect(s) to {hops[-1]['to']}" if hops else ""
        return Outcome(cls=OK, status=status, detail=said + temporary, **base)
    if status in (404, 410):
        return Outcome(cls=BROKEN, status=status, detail=said + via, **base)
    if status == 429:
        wait = RETRY_AFTER.search(warnings)
        return Outcome(cls=NEEDS_PERSON, status=status, detail=said + via, transient=True,
                       retry_after=retry_after_seconds(wait["value"]) if wait else None, **base)
    if status >= 500:
        return Outcome(cls=NEEDS_PERSON, status=status, detail=said + via, transient=True, **base)
    if status == 403:
        return Outcome(cls=NEEDS_PERSON, status=status,
                       detail=f"{said}{via}: the site may turn automated checkers away", **base)
    return Outcome(cls=NEEDS_PERSON, status=status, detail=said + via, **base)
