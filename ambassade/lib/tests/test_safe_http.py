from __future__ import annotations

import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ambassade.lib.safe_http import (
    FetchError,
    RecordedHttpClient,
    SafeHttpClient,
    UnsafeUrlError,
    url_check,
)

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class LocalServer:
    server: ThreadingHTTPServer
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _serve() -> LocalServer:
    local: LocalServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            local.seen.append((self.path, {name.lower(): value for name, value in self.headers.items()}))
            route = local.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    local = LocalServer(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return local


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    local = _serve()
    yield local
    local.server.shutdown()
    local.server.server_close()


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    local = _serve()
    yield local
    local.server.shutdown()
    local.server.server_close()


def answer(body: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    return answer(b"", status=302, headers={"Location": location})


def resolving_to(*addresses: str) -> Callable[..., list[tuple]]:
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in addresses
        ]

    return fake_getaddrinfo


def refusal(url: str) -> UnsafeUrlError:
    with pytest.raises(UnsafeUrlError) as caught:
        SafeHttpClient().get(url)
    return caught.value


# --- addresses refused before anything is sent -------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.254/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:7f00:1::]/",
    ],
)
def test_it_refuses_private_loopback_and_link_local_addresses(url: str) -> None:
    assert refusal(url).code == "private"


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/"])
def test_it_refuses_cloud_metadata_addresses_even_when_private_ones_are_allowed(url: str, settings) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    assert refusal(url).code == "metadata"


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://017700000001/", "http://0x7f000001/", "http://0x7f.1/", "http://127.1/"],
)
def test_it_refuses_ip_addresses_written_in_unusual_numeric_forms(url: str) -> None:
    assert refusal(url).code == "numeric_host"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("file:///etc/passwd", "scheme"),
        ("gopher://example.org/", "scheme"),
        ("ftp://example.org/feed", "scheme"),
        ("https://user:secret@example.org/feed", "credentials"),
        ("https://example.org:22/", "port"),
        ("https://example.org/a b", "control"),
        ("", "empty"),
        ("https:///feed", "no_host"),
    ],
)
def test_it_refuses_malformed_or_dangerous_urls(url: str, code: str) -> None:
    assert refusal(url).code == code


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("93.184.215.14", "10.0.0.7"))
    error = refusal("https://feeds.example.org/rss")
    assert error.code == "private"
    assert "10.0.0.7" in error.message


def test_a_name_that_resolves_to_a_mapped_loopback_address_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("::ffff:127.0.0.1"))
    assert refusal("https://rebind.example.org/").code == "private"


def test_the_connection_goes_to_the_checked_address_whatever_dns_says_afterwards(
    monkeypatch, settings, local_server
) -> None:
    """DNS rebinding: the name is resolved once; a second, different answer is never used."""
    local_server.routes["/feed"] = answer(b"ok")
    answers = iter([resolving_to("127.0.0.1"), resolving_to("10.9.9.9")])
    calls: list[str] = []

    def rebinding(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        calls.append(host)
        return next(answers)(host, port)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    response = SafeHttpClient().get(f"http://feeds.example.org:{local_server.port}/feed")
    assert response.body == b"ok"
    assert calls == ["feeds.example.org"]
    assert local_server.seen[0][1]["host"] == f"feeds.example.org:{local_server.port}"


def test_url_check_refuses_literal_private_addresses_without_any_dns_lookup(monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", None)
    with pytest.raises(UnsafeUrlError):
        url_check("http://192.168.0.10/feed")
    assert url_check(" https://example.org/feed.xml ") == "https://example.org/feed.xml"


def test_refusals_name_the_address_and_the_problem() -> None:
    message = refusal("https://user:pw@example.org/").message
    assert (
        message == "The address https://user:pw@example.org/ contains a user name or password: remove them."
    )


# --- a real server on loopback ------------------------------------------------------------------


def test_it_fetches_from_loopback_when_tests_allow_private_addresses(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/feed"] = answer(b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    response = SafeHttpClient().get(local_server.url("/feed"))
    assert (response.status, response.body) == (200, b"<rss/>")
    assert response.header("content-type") == "application/rss+xml"


def test_loopback_is_refused_by_default(local_server) -> None:
    local_server.routes["/feed"] = answer(b"secret")
    with pytest.raises(UnsafeUrlError):
        SafeHttpClient().get(local_server.url("/feed"))
    assert local_server.seen == []


def test_a_redirect_to_another_local_server_is_refused(settings, local_server, other_server) -> None:
    settings.SAFE_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    settings.SAFE_HTTP_ALLOWED_PORTS = [local_server.port, other_server.port]
    other_server.routes["/admin"] = answer(b"internal")
    local_server.routes["/feed"] = redirect(other_server.url("/admin"))
    with pytest.raises(UnsafeUrlError) as caught:
        SafeHttpClient().get(local_server.url("/feed"))
    assert caught.value.code == "private"
    assert other_server.seen == []


def test_a_redirect_to_the_metadata_address_is_refused(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    local_server.routes["/feed"] = redirect("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(UnsafeUrlError) as caught:
        SafeHttpClient().get(local_server.url("/feed"))
    assert caught.value.code == "metadata"


def test_it_follows_up_to_three_redirects_and_no_more(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    for hop in range(5):
        local_server.routes[f"/{hop}"] = redirect(f"/{hop + 1}")
    local_server.routes["/5"] = answer(b"end")
    local_server.routes["/3"] = answer(b"third")
    assert SafeHttpClient().get(local_server.url("/0")).body == b"third"
    local_server.routes["/3"] = redirect("/4")
    local_server.routes["/4"] = answer(b"fourth")
    with pytest.raises(FetchError) as caught:
        SafeHttpClient().get(local_server.url("/0"))
    assert caught.value.code == "redirects"


def test_the_final_url_is_the_one_after_redirects(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/old"] = redirect("/new")
    local_server.routes["/new"] = answer(b"moved")
    assert SafeHttpClient().get(local_server.url("/old")).url == local_server.url("/new")


def test_it_stops_reading_beyond_the_size_cap(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/big"] = answer(b"x" * 300_000)
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(max_bytes=100_000).get(local_server.url("/big"))
    assert caught.value.code == "too_large"


def test_a_gzip_bomb_stops_at_the_size_cap(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    bomb = gzip.compress(b"\0" * 20_000_000)
    local_server.routes["/bomb"] = answer(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(max_bytes=1_000_000).get(local_server.url("/bomb"))
    assert caught.value.code == "too_large"


def test_gzip_answers_are_decompressed(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/gz"] = answer(gzip.compress(b"hello feed"), headers={"Content-Encoding": "gzip"})
    response = SafeHttpClient().get(local_server.url("/gz"))
    assert response.body == b"hello feed"
    assert local_server.seen[0][1]["accept-encoding"].startswith("gzip")


def test_a_slow_server_times_out(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True

    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        answer(b"late")(handler)

    local_server.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(total_timeout=0.5).get(local_server.url("/slow"))
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 1.4


def test_conditional_get_headers_are_sent_and_304_comes_back(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/feed"] = answer(b"", status=304, headers={"ETag": '"v1"'})
    response = SafeHttpClient().get(
        local_server.url("/feed"),
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 21 Oct 2026 07:28:00 GMT"},
    )
    assert (response.status, response.body, response.header("etag")) == (304, b"", '"v1"')
    sent = local_server.seen[0][1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Wed, 21 Oct 2026 07:28:00 GMT"


def test_error_statuses_raise_a_fetch_error_with_the_status(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    with pytest.raises(FetchError) as caught:
        SafeHttpClient().get(local_server.url("/missing"))
    assert (caught.value.code, caught.value.status) == ("http_status", 404)
    assert "404" in caught.value.message


# --- recorded exchanges ---------------------------------------------------------------------------


def test_recorded_exchanges_replay_by_method_and_url_whatever_the_query_order() -> None:
    client = RecordedHttpClient(
        [
            {"method": "POST", "url": "https://bsky.social/xrpc/login", "body_json": {"ok": True}},
            {"url": "https://example.org/api?a=1&b=2", "status": 200, "headers": {"ETag": "x"}, "body": "é"},
        ]
    )
    assert client.post_json("https://bsky.social/xrpc/login", {"id": 1}).json() == {"ok": True}
    response = client.get("https://example.org/api?b=2&a=1", headers={"If-None-Match": "y"})
    assert (response.body.decode(), response.header("etag")) == ("é", "x")
    assert client.requests[0].json == {"id": 1}
    assert client.requests[1].headers == {"If-None-Match": "y"}
    assert client.unused == []
    with pytest.raises(AssertionError):
        client.get("https://example.org/api?a=1&b=2")


def test_recorded_error_statuses_raise_like_the_real_client() -> None:
    client = RecordedHttpClient([{"url": "https://example.org/", "status": 401}])
    with pytest.raises(FetchError) as caught:
        client.get("https://example.org/")
    assert caught.value.status == 401


# --- TLS to a pinned address ----------------------------------------------------------------------


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> Path:
    """A throw-away certificate authority and a certificate for feeds.example.org."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(
        "req",
        "-x509",
        *curve,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
        cwd=folder,
    )
    _openssl(
        "req",
        *curve,
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=feeds.example.org",
        cwd=folder,
    )
    (folder / "san.ext").write_text("subjectAltName=DNS:feeds.example.org\n")
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        cwd=folder,
    )
    return folder


@pytest.fixture
def tls_server(authority: Path) -> Iterator[LocalServer]:
    local = _serve()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(authority / "server.pem", authority / "server.key")
    local.server.socket = context.wrap_socket(local.server.socket, server_side=True)
    yield local
    local.server.shutdown()
    local.server.server_close()


def test_https_to_the_checked_address_verifies_the_certificate_against_the_host_name(
    monkeypatch, settings, authority, tls_server
) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    monkeypatch.setattr(socket, "getaddrinfo", resolving_to("127.0.0.1"))
    tls_server.routes["/feed"] = answer(b"secure")
    trusting = ssl.create_default_context(cafile=str(authority / "ca.pem"))
    client = SafeHttpClient(tls_context=trusting)
    assert client.get(f"https://feeds.example.org:{tls_server.port}/feed").body == b"secure"
    with pytest.raises(FetchError) as caught:
        client.get(f"https://other.example.org:{tls_server.port}/feed")  # same address, another name
    assert caught.value.code == "tls"
    with pytest.raises(FetchError) as caught:
        SafeHttpClient().get(f"https://feeds.example.org:{tls_server.port}/feed")  # unknown authority
    assert caught.value.code == "tls"


# --- review: slow servers, credentials on redirects, embedded metadata addresses ------------------


def trickle(head: bytes, body: bytes, *, pause: float = 0.1) -> Route:
    """Send the head at once, then the body one byte at a time (a slowloris server)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(head)
            for byte in body:
                handler.wfile.write(bytes([byte]))
                time.sleep(pause)
        except OSError:
            pass

    return route


def test_a_server_trickling_its_body_is_cut_at_the_overall_deadline(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/drip"] = trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n", b"x" * 60)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(total_timeout=0.6).get(local_server.url("/drip"))
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 2


def test_a_server_trickling_a_chunked_body_is_cut_at_the_overall_deadline(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    local_server.routes["/drip"] = trickle(head, b"3c\r\n" + b"x" * 60 + b"\r\n0\r\n\r\n")
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(total_timeout=0.6).get(local_server.url("/drip"))
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 2


def test_a_server_trickling_its_headers_is_cut_at_the_overall_deadline(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/drip"] = trickle(b"", b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 60 + b"\r\n\r\n")
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(total_timeout=0.6).get(local_server.url("/drip"))
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 2


def test_credentials_are_not_sent_to_another_server_after_a_redirect(
    settings, local_server, other_server
) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/api"] = redirect(other_server.url("/elsewhere"))
    other_server.routes["/elsewhere"] = answer(b"[]")
    SafeHttpClient().get(
        local_server.url("/api"), headers={"Authorization": "Bearer secret", "Cookie": "c=1"}
    )
    assert local_server.seen[0][1]["authorization"] == "Bearer secret"
    sent_elsewhere = other_server.seen[0][1]
    assert "authorization" not in sent_elsewhere
    assert "cookie" not in sent_elsewhere


def test_credentials_follow_a_redirect_on_the_same_server(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/old"] = redirect("/new")
    local_server.routes["/new"] = answer(b"[]")
    SafeHttpClient().get(local_server.url("/old"), headers={"Authorization": "Bearer secret"})
    assert local_server.seen[1][1]["authorization"] == "Bearer secret"


@pytest.mark.parametrize(
    "url",
    ["http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/"],
)
def test_metadata_addresses_embedded_in_ipv6_are_refused_even_when_private_ones_are_allowed(
    url: str, settings
) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    assert refusal(url).code == "metadata"


def test_local_use_nat64_addresses_are_refused() -> None:
    assert refusal("http://[64:ff9b:1::a00:1]/").code == "private"


def test_deeply_nested_json_is_reported_as_invalid_not_a_crash() -> None:
    client = RecordedHttpClient([{"url": "https://example.org/api", "body": "[" * 100_000}])
    with pytest.raises(FetchError) as caught:
        client.get("https://example.org/api").json()
    assert caught.value.code == "invalid_json"
    assert caught.value.message == "The answer of https://example.org/api is not valid JSON."


def test_proxies_from_the_environment_are_ignored(monkeypatch, settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://10.0.0.1:3128")
    local_server.routes["/feed"] = answer(b"direct")
    assert SafeHttpClient(connect_timeout=1).get(local_server.url("/feed")).body == b"direct"
    assert local_server.seen[0][0] == "/feed"  # a proxy would have been asked for the absolute URL


def test_a_chunked_answer_without_a_length_stops_at_the_size_cap(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True

    def endless(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _chunk in range(100):
                handler.wfile.write(b"10000\r\n" + b"x" * 0x10000 + b"\r\n")
        except OSError:
            pass

    local_server.routes["/endless"] = endless
    with pytest.raises(FetchError) as caught:
        SafeHttpClient(max_bytes=200_000).get(local_server.url("/endless"))
    assert caught.value.code == "too_large"
    assert caught.value.message == f"The answer of {local_server.url('/endless')} is larger than 0.2 MB."


@pytest.mark.parametrize("location", ["file:///etc/passwd", "http://[::ffff:7f00:1]/", "http://2130706433/"])
def test_a_redirect_to_a_forbidden_address_is_refused_before_it_is_followed(
    settings, local_server, location: str
) -> None:
    settings.SAFE_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    local_server.routes["/feed"] = redirect(location)
    with pytest.raises(UnsafeUrlError):
        SafeHttpClient().get(local_server.url("/feed"))


def test_a_header_with_a_line_break_is_a_fetch_error_naming_the_address(settings, local_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    local_server.routes["/api"] = answer(b"[]")
    with pytest.raises(FetchError) as caught:
        SafeHttpClient().get(local_server.url("/api"), headers={"Authorization": "Bearer abc\ndef"})
    assert caught.value.code == "invalid_header"
    assert caught.value.message == (
        f"The request to {local_server.url('/api')} was not sent: a header (a token?) holds a line break "
        "or another forbidden character."
    )
    assert local_server.seen == []
