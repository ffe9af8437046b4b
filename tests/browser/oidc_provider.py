"""A real OpenID provider for the browser tests: oidc-provider-mock, served in a thread.

The provider signs real RS256 ID tokens with its own key (published at /jwks), requires
registered clients (`require_client_registration=True`) and lets the tester pick the subject
on its authorize page. Its users' claims are set with `PUT /users/<sub>`.

The mock does not check PKCE itself, so every token request is recorded here: the tests check
that Baken sent the code_verifier belonging to the code_challenge of the authorize request.
"""

import io
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import oidc_provider_mock
import requests
import werkzeug.serving


@dataclass
class Provider:
    url: str
    tokenverzoeken: list[dict[str, str]] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.url

    def client_registreren(self, redirect_uri: str) -> tuple[str, str]:
        """Register a confidential client (RFC 7591); returns (client_id, client_secret)."""
        antwoord = requests.post(
            f"{self.url}/oauth2/clients",
            json={
                "redirect_uris": [redirect_uri],
                # mozilla-django-oidc sends the secret in the form body.
                "token_endpoint_auth_method": "client_secret_post",
            },
            timeout=5,
        )
        antwoord.raise_for_status()
        gegevens = antwoord.json()
        return gegevens["client_id"], gegevens["client_secret"]

    def gebruiker(self, sub: str, **claims: Any) -> None:
        """Create or replace a user at the provider with these claims."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def instellingen(self, client_id: str, client_secret: str) -> dict[str, str]:
        """Baken's settings for this provider, as an operator would set them."""
        return {
            "BAKEN_OIDC_ISSUER": self.issuer,
            "BAKEN_OIDC_AUDIENCE": "",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/oauth2/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/oauth2/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": client_secret,
        }


def _token_verzoeken_vastleggen(
    app: Callable[..., Iterable[bytes]], verzoeken: list[dict[str, str]]
) -> Callable[..., Iterable[bytes]]:
    """WSGI wrapper: keeps the form of every POST to the token endpoint, then passes it on."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == (
            "/oauth2/token"
        ):
            lengte = int(environ.get("CONTENT_LENGTH") or 0)
            lichaam = environ["wsgi.input"].read(lengte)
            environ["wsgi.input"] = io.BytesIO(lichaam)
            verzoeken.append({k: v[0] for k, v in parse_qs(lichaam.decode()).items()})
        return app(environ, start_response)

    return wsgi


@contextmanager
def provider_in_thread() -> Iterator[Provider]:
    """Start the provider on a free port of localhost; stopped when the context ends."""
    # authlib refuses plain http unless told otherwise; only this local test provider uses it.
    vorige = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    verzoeken: list[dict[str, str]] = []
    app = oidc_provider_mock.app(require_client_registration=True)
    server = werkzeug.serving.make_server(
        "localhost", 0, _token_verzoeken_vastleggen(app, verzoeken), threaded=True
    )
    draad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    draad.start()
    try:
        yield Provider(url=f"http://localhost:{server.server_port}", tokenverzoeken=verzoeken)
    finally:
        server.shutdown()
        server.server_close()
        draad.join(5)
        if vorige is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = vorige
