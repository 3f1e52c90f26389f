"""An HTTP client for addresses typed by users (feeds, social instances): no way into our own network.

Every hop (the first request and each redirect) is checked before anything is sent:

1. the URL: http or https only, no credentials, ports 80 and 443 only (or a port of
   ``SAFE_HTTP_ALLOWED_PORTS``), host names only or canonical IP addresses (``2130706433``,
   ``0x7f.1`` or ``127.1`` are refused, never guessed at);
2. the addresses: the host is resolved once and refused if ANY of its addresses is private,
   loopback, link-local, multicast, reserved, unspecified, shared (carrier-grade NAT), a cloud
   metadata address, or an IPv6 address embedding one of those (IPv4-mapped, 6to4, NAT64, Teredo);
3. the connection then goes to that checked address, never to a second resolution, so a name whose
   DNS answer changes in between (DNS rebinding) cannot switch it; TLS still checks the certificate
   against the host name (SNI), and the Host header carries the name.

Answers are read as a stream and abandoned beyond ``max_bytes`` (after gzip decompression too), with
a connect timeout and an overall deadline that a watchdog enforces even against a server sending one
byte at a time. A redirect to another origin drops ``Authorization`` and ``Cookie``. Proxies named in
the environment (``http_proxy``…) are never used: the connection always goes to the checked address.
Tests that serve from loopback set ``SAFE_HTTP_ALLOW_PRIVATE = True``, or allow one exact ``host:port``
with ``SAFE_HTTP_ALLOWED_HOSTS`` (used to show that a redirect from an allowed server to another local
one is still refused).
Cloud metadata addresses are refused whatever the settings.

``RecordedHttpClient`` replays recorded exchanges for tests of connectors to third-party APIs.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "FetchError",
    "HttpClient",
    "HttpResponse",
    "RecordedHttpClient",
    "SafeHttpClient",
    "UnsafeUrlError",
    "address_forbidden",
    "address_metadata",
    "url_check",
]

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MEGABYTE
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0
MAX_REDIRECTS = 3
MAX_URL_LENGTH = 2048
CHUNK = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Never sent on to another server (scheme, host and port) by a redirect.
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
USER_AGENT = "ambassade/1.0 (+listening; feed reader)"

# Cloud instance metadata services: refused even when private addresses are allowed.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("169.254.170.2"),
        ipaddress.ip_address("100.100.100.200"),
        ipaddress.ip_address("fd00:ec2::254"),
    }
)
# Ranges refused on top of what ``ipaddress`` already calls non-global (its lists vary by Python version).
FORBIDDEN_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "ff00::/8",
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOST_CHARACTERS = re.compile(r"^[a-z0-9.\-_]+$")
_LOOKS_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*\.?$")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class FetchError(Exception):
    """A fetch failed; ``message`` follows the language active when it is read.

    ``code`` is stable for programs and tests; ``status`` is the HTTP status when there was one.
    """

    def __init__(
        self, template: StrOrPromise, *, code: str, status: int | None = None, **params: object
    ) -> None:
        self.template = template
        self.code = code
        self.status = status
        self.params = params
        super().__init__(template)

    @property
    def message(self) -> str:
        params = {**self.params, "status": self.status} if self.status is not None else self.params
        return str(self.template) % params if params else str(self.template)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


class UnsafeUrlError(FetchError):
    """The address is refused before anything is sent to it."""


# --------------------------------------------------------------------------
# Responses and the client protocol
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    url: str  # after redirects

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise FetchError(
                _("The answer of %(url)s is not valid JSON."), code="invalid_json", url=self.url
            ) from error


class HttpClient(Protocol):
    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> HttpResponse: ...

    def post_json(
        self, url: str, payload: Mapping[str, Any], *, headers: Mapping[str, str] | None = None
    ) -> HttpResponse: ...


def _status_check(response: HttpResponse) -> HttpResponse:
    """Answers from 400 up become a FetchError (304 and 2xx come back to the caller)."""
    if response.status >= 400:
        raise FetchError(
            _("The server answered with the error %(status)s (%(reason)s) for %(url)s."),
            code="http_status",
            status=response.status,
            reason=http.client.responses.get(response.status, "?"),
            url=response.url,
        )
    return response


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


def address_metadata(address: IPAddress) -> bool:
    """Whether an address is a cloud metadata service, written plainly or embedded in IPv6."""
    if address in METADATA_ADDRESSES:
        return True
    embedded = _embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
    return embedded is not None and embedded in METADATA_ADDRESSES


def address_forbidden(address: IPAddress) -> bool:
    """Whether an address belongs to a private, local or special range (embedded IPv4 included)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and address_forbidden(embedded):
            return True
    if address in METADATA_ADDRESSES:
        return True
    if any(address in network for network in FORBIDDEN_NETWORKS):
        return True
    return not address.is_global or address.is_multicast or address.is_reserved


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    packed = address.packed
    if address in NAT64 or packed[:12] == bytes(12):  # NAT64 or deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(packed[12:])
    return None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # lower-case, IDNA-encoded, without brackets
    port: int
    path: str  # path and query, percent-encoded
    url: str


def _allowed_hosts() -> set[str]:
    return {entry.lower() for entry in getattr(settings, "SAFE_HTTP_ALLOWED_HOSTS", ())}


def _allow_private() -> bool:
    return bool(getattr(settings, "SAFE_HTTP_ALLOW_PRIVATE", False))


def _unsafe(template: StrOrPromise, code: str, **params: object) -> UnsafeUrlError:
    error = UnsafeUrlError(template, code=code)
    error.params = params
    return error


def url_check(url: str) -> str:
    """Check an address without resolving it (for forms); return it stripped or raise UnsafeUrlError."""
    return _target(url).url


def _target(url: str) -> _Target:
    url = (url or "").strip()
    if not url:
        raise _unsafe(_("Enter an address starting with https://."), "empty")
    if len(url) > MAX_URL_LENGTH:
        raise _unsafe(
            _("The address is too long (at most %(max)s characters)."), "too_long", max=MAX_URL_LENGTH
        )
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise _unsafe(_("The address %(url)s contains spaces or control characters."), "control", url=url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise _unsafe(_("The address %(url)s is not valid."), "invalid", url=url) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise _unsafe(_("The address %(url)s must start with http:// or https://."), "scheme", url=url)
    if parts.username is not None or parts.password is not None:
        raise _unsafe(
            _("The address %(url)s contains a user name or password: remove them."), "credentials", url=url
        )
    host = _host_check(parts.hostname or "", url)
    port = port or DEFAULT_PORTS[scheme]
    _port_check(host, port, url)
    _literal_check(host, port, url)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(scheme=scheme, host=host, port=port, path=path, url=url)


def _host_check(host: str, url: str) -> str:
    if not host:
        raise _unsafe(_("The address %(url)s has no host name."), "no_host", url=url)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if isinstance(literal, ipaddress.IPv6Address) and literal.scope_id:
            raise _unsafe(_("The address %(url)s points to a local network."), "private", url=url)
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError) as error:
        raise _unsafe(_("The host name of %(url)s is not valid."), "invalid_host", url=url) from error
    if not _HOST_CHARACTERS.match(ascii_host) or ".." in ascii_host:
        raise _unsafe(_("The host name of %(url)s is not valid."), "invalid_host", url=url)
    if _LOOKS_NUMERIC.match(ascii_host):
        # inet_aton would read "2130706433", "0177.1" or "127.1" as an address: refuse, never guess.
        raise _unsafe(
            _("The address %(url)s writes an IP address in an unusual form: write the site's name."),
            "numeric_host",
            url=url,
        )
    return ascii_host


def _literal_check(host: str, port: int, url: str) -> None:
    """An address written as an IP is checked at once, so that forms can refuse it."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    _address_check(address, allowed=_host_port(host, port) in _allowed_hosts(), url=url)


def _address_check(address: IPAddress, *, allowed: bool, url: str) -> None:
    if address_metadata(address):
        raise _unsafe(_("The address %(url)s points to a cloud metadata service."), "metadata", url=url)
    if address_forbidden(address) and not (allowed or _allow_private()):
        raise _unsafe(
            _("The address %(url)s points to a private or local network (%(address)s)."),
            "private",
            url=url,
            address=str(address),
        )


def _port_check(host: str, port: int, url: str) -> None:
    allowed_ports = {80, 443, *getattr(settings, "SAFE_HTTP_ALLOWED_PORTS", ())}
    if port in allowed_ports or _allow_private() or _host_port(host, port) in _allowed_hosts():
        return
    raise _unsafe(
        _("The address %(url)s uses the port %(port)s: only 80 (http) and 443 (https) are allowed."),
        "port",
        url=url,
        port=port,
    )


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


AddressInfo = tuple[int, int, int, Any]  # family, type, proto, sockaddr


def _resolve(target: _Target) -> list[AddressInfo]:
    """Resolve the host once and refuse it if any of its addresses is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(
            _("The host name of %(url)s cannot be found."), code="dns", url=target.url
        ) from error
    if not infos:
        raise FetchError(_("The host name of %(url)s cannot be found."), code="dns", url=target.url)
    allowed_exactly = _host_port(target.host, target.port) in _allowed_hosts()
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        _address_check(address, allowed=allowed_exactly, url=target.url)
    return [(family, kind, proto, sockaddr) for family, kind, proto, _name, sockaddr in infos]


# --------------------------------------------------------------------------
# Connections pinned to a checked address
# --------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url)
        return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)
    except ValueError:
        return ("", url, None)  # the next hop's check refuses it anyway


class _Deadline:
    def __init__(self, seconds: float, url: str) -> None:
        self.end = time.monotonic() + seconds
        self.url = url

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchError(_("%(url)s took too long to answer."), code="timeout", url=self.url)
        return left


class _Watchdog:
    """Shuts the connection down at the overall deadline.

    Socket timeouts bound each read, not their sum: a server sending one byte at a time (headers or
    body, chunked or not) would otherwise keep a fetch open for hours. The watchdog holds a duplicate
    of the socket, so it still reaches the connection once TLS or http.client have taken the original.
    """

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.fired = False
        self._sock = sock.dup()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._timer.cancel()
        self._timer.join()
        self._sock.close()


def _connect(addresses: Sequence[AddressInfo], *, timeout: float, url: str) -> socket.socket:
    last_error: OSError | None = None
    for family, kind, proto, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    if isinstance(last_error, TimeoutError | socket.timeout):
        raise FetchError(_("%(url)s took too long to answer."), code="timeout", url=url)
    raise FetchError(_("%(url)s cannot be reached."), code="connect", url=url) from last_error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, sock: socket.socket) -> None:
        super().__init__(host, port)
        self._pinned = sock

    def connect(self) -> None:
        self.sock = self._pinned


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, sock: socket.socket, context: ssl.SSLContext) -> None:
        super().__init__(host, port, context=context)
        self._pinned = sock
        self._tls = context

    def connect(self) -> None:
        self.sock = self._tls.wrap_socket(self._pinned, server_hostname=self.host)


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class _Decoder:
    """Undo gzip/deflate while counting the bytes produced, so a compression bomb stops at the cap."""

    def __init__(self, encoding: str, *, max_bytes: int, url: str) -> None:
        encoding = encoding.strip().lower()
        self._zlib: Any
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise FetchError(
                _("%(url)s answered in an unsupported encoding (%(encoding)s)."),
                code="encoding",
                url=url,
                encoding=encoding,
            )
        self.max_bytes = max_bytes
        self.url = url
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, chunk: bytes) -> None:
        try:
            data = self._zlib.decompress(chunk, self.max_bytes + 1 - self.size) if self._zlib else chunk
        except zlib.error as error:
            raise FetchError(_("The answer of %(url)s is damaged."), code="damaged", url=self.url) from error
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(
                _("The answer of %(url)s is larger than %(max)s MB."),
                code="too_large",
                url=self.url,
                max=round(self.max_bytes / MEGABYTE, 1),
            )
        self.parts.append(data)

    def result(self) -> bytes:
        if self._zlib is not None:
            self.feed(b"")
        return b"".join(self.parts)


@dataclass
class SafeHttpClient:
    """The production client; see the module's docstring for what it refuses."""

    connect_timeout: float = CONNECT_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    max_bytes: int = field(
        default_factory=lambda: getattr(settings, "SAFE_HTTP_MAX_BYTES", DEFAULT_MAX_BYTES)
    )
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    tls_context: ssl.SSLContext | None = None  # tests trust their own authority; None: the system's

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> HttpResponse:
        deadline = _Deadline(self.total_timeout, url)
        current, sent = url, dict(headers or {})
        for _hop in range(self.max_redirects + 1):
            response = self._exchange("GET", current, sent, None, deadline)
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return _status_check(response)
            following = urljoin(current, location)
            if _origin(following) != _origin(current):
                sent = {name: value for name, value in sent.items() if name.lower() not in CREDENTIAL_HEADERS}
            current = following
        raise FetchError(
            _("%(url)s redirects more than %(max)s times."), code="redirects", url=url, max=self.max_redirects
        )

    def post_json(
        self, url: str, payload: Mapping[str, Any], *, headers: Mapping[str, str] | None = None
    ) -> HttpResponse:
        """POST a JSON body; redirects are not followed (the body would have to be sent again)."""
        body = json.dumps(payload).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        response = self._exchange("POST", url, all_headers, body, _Deadline(self.total_timeout, url))
        if response.status in REDIRECT_STATUSES:
            raise FetchError(_("%(url)s answered with a redirect."), code="redirects", url=url, max=0)
        return _status_check(response)

    def _exchange(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None, deadline: _Deadline
    ) -> HttpResponse:
        target = _target(url)
        addresses = _resolve(target)
        sock = _connect(addresses, timeout=min(self.connect_timeout, deadline.remaining()), url=url)
        watchdog = _Watchdog(sock, max(deadline.end - time.monotonic(), 0.0))
        connection: http.client.HTTPConnection
        if target.scheme == "https":
            connection = _PinnedHTTPSConnection(
                target.host, target.port, sock=sock, context=self.tls_context or _tls_context()
            )
        else:
            connection = _PinnedHTTPConnection(target.host, target.port, sock=sock)
        try:
            response = self._send(connection, method, target, headers, body, deadline)
        except FetchError as error:
            if watchdog.fired and error.code != "timeout":  # cut by the watchdog, whatever it looked like
                raise FetchError(_("%(url)s took too long to answer."), code="timeout", url=url) from error
            raise
        finally:
            watchdog.stop()
            connection.close()
            sock.close()
        if watchdog.fired:  # the answer may look complete, yet was cut short
            raise FetchError(_("%(url)s took too long to answer."), code="timeout", url=url)
        return response

    def _send(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        target: _Target,
        headers: Mapping[str, str],
        body: bytes | None,
        deadline: _Deadline,
    ) -> HttpResponse:
        url = target.url
        try:
            return self._converse(connection, method, target, headers, body, deadline)
        except ssl.SSLError as error:
            raise FetchError(
                _("The secure connection to %(url)s failed (certificate or protocol)."), code="tls", url=url
            ) from error
        except TimeoutError as error:
            raise FetchError(_("%(url)s took too long to answer."), code="timeout", url=url) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(_("%(url)s cannot be reached."), code="connect", url=url) from error

    def _converse(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        target: _Target,
        headers: Mapping[str, str],
        body: bytes | None,
        deadline: _Deadline,
    ) -> HttpResponse:
        sent = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate", **headers}
        sock_timeout = deadline.remaining()
        connection.timeout = sock_timeout
        connection.connect()
        stream = connection.sock  # getresponse() may drop the connection's own reference
        assert stream is not None
        stream.settimeout(sock_timeout)
        try:
            connection.request(method, target.path, body=body, headers=sent)
        except ValueError as error:  # http.client refuses header values that would split the request
            raise FetchError(
                _(
                    "The request to %(url)s was not sent: a header (a token?) holds a line break "
                    "or another forbidden character."
                ),
                code="invalid_header",
                url=target.url,
            ) from error
        raw = connection.getresponse()
        response_headers = {name.lower(): value for name, value in raw.getheaders()}
        decoder = _Decoder(
            response_headers.get("content-encoding", ""), max_bytes=self.max_bytes, url=target.url
        )
        if method != "HEAD" and raw.status not in (204, 304):
            while chunk := raw.read(CHUNK):
                decoder.feed(chunk)
                _timeout_set(stream, deadline.remaining())
        response_headers.pop("content-encoding", None)
        return HttpResponse(
            status=raw.status, headers=response_headers, body=decoder.result(), url=target.url
        )


def _timeout_set(stream: socket.socket, seconds: float) -> None:
    # The connection may already have let go of the socket; the response then reads what is buffered.
    with contextlib.suppress(OSError):
        stream.settimeout(seconds)


# --------------------------------------------------------------------------
# Recorded exchanges, for tests of connectors
# --------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    method: str
    url: str
    headers: dict[str, str]
    json: Any = None


def _same_url(recorded: str, asked: str) -> bool:
    a, b = urlsplit(recorded), urlsplit(asked)
    return (a.scheme, a.netloc, a.path) == (b.scheme, b.netloc, b.path) and sorted(
        parse_qsl(a.query)
    ) == sorted(parse_qsl(b.query))


class RecordedHttpClient:
    """Replays exchanges recorded as JSON: ``{"method", "url", "status", "headers", "body"}``.

    The body is given as ``body`` (text, sent as UTF-8), ``body_json`` (any JSON value),
    ``body_base64`` or ``body_file`` (a path relative to the JSON file, kept with its own encoding).
    Each exchange answers once, in order among those with the same method and URL (query order does
    not matter); an unexpected request fails the test. Requests made are kept in ``requests``.
    URLs still go through the same static checks as the real client (no DNS).
    """

    def __init__(self, exchanges: Iterable[Mapping[str, Any]], *, base: Path | None = None) -> None:
        self.exchanges = [dict(exchange) for exchange in exchanges]
        self.base = base
        self.used: list[bool] = [False] * len(self.exchanges)
        self.requests: list[RecordedRequest] = []

    @classmethod
    def from_file(cls, path: Path | str) -> RecordedHttpClient:
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        exchanges = data["exchanges"] if isinstance(data, dict) else data
        return cls(exchanges, base=path.parent)

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> HttpResponse:
        return self._answer("GET", url, headers, None)

    def post_json(
        self, url: str, payload: Mapping[str, Any], *, headers: Mapping[str, str] | None = None
    ) -> HttpResponse:
        return self._answer("POST", url, headers, dict(payload))

    @property
    def unused(self) -> list[dict[str, Any]]:
        return [exchange for exchange, used in zip(self.exchanges, self.used, strict=True) if not used]

    def _answer(self, method: str, url: str, headers: Mapping[str, str] | None, payload: Any) -> HttpResponse:
        url_check(url)
        self.requests.append(
            RecordedRequest(method=method, url=url, headers=dict(headers or {}), json=payload)
        )
        for index, exchange in enumerate(self.exchanges):
            if self.used[index] or exchange.get("method", "GET").upper() != method:
                continue
            if _same_url(exchange["url"], url):
                self.used[index] = True
                return _status_check(self._response(exchange, url))
        raise AssertionError(f"no recorded exchange for {method} {url}")

    def _response(self, exchange: Mapping[str, Any], url: str) -> HttpResponse:
        headers = {name.lower(): str(value) for name, value in (exchange.get("headers") or {}).items()}
        return HttpResponse(
            status=int(exchange.get("status", 200)), headers=headers, body=self._body(exchange), url=url
        )

    def _body(self, exchange: Mapping[str, Any]) -> bytes:
        if "body_json" in exchange:
            return json.dumps(exchange["body_json"]).encode()
        if "body_base64" in exchange:
            return base64.b64decode(exchange["body_base64"])
        if "body_file" in exchange:
            if self.base is None:
                raise AssertionError("body_file needs RecordedHttpClient.from_file")
            return (self.base / exchange["body_file"]).read_bytes()
        return str(exchange.get("body", "")).encode()
