#!/usr/bin/env python3
"""Mint an unsigned-looking test JWT (the signature segment is filler, never valid).

usage: mint_jwt.py '{"aud":"https://graph.microsoft.com","scp":"User.Read"}'
       mint_jwt.py --preset delegated-no-alerts
Claims given as JSON are used as the payload; `iat`/`nbf`/`exp` default to a fixed
window (2026-01-01 .. 2036-01-01) so fixtures stay valid under a fixed clock.
"""
import base64, hashlib, json, sys

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

PRESETS = {
    "delegated-no-alerts": {"aud": "https://graph.microsoft.com", "idtyp": "user",
        "scp": "User.Read Mail.Read", "upn": "ada@contoso.example", "name": "Ada",
        "wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"], "app_displayname": "SOC Dashboard",
        "appid": "11111111-2222-3333-4444-555555555555", "tid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "ver": "1.0"},
    "app-alerts": {"aud": "https://graph.microsoft.com", "idtyp": "app", "roles": ["SecurityAlert.Read.All"],
        "app_displayname": "SOC Collector", "appid": "11111111-2222-3333-4444-555555555555",
        "tid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "ver": "1.0"},
}

def mint(claims: dict) -> str:
    claims = dict(claims)
    claims.setdefault("iat", 1767225600)
    claims.setdefault("nbf", 1767225600)
    claims.setdefault("exp", 2082758400)
    header = {"typ": "JWT", "alg": "RS256", "kid": "claimcheck-test"}
    h = b64(json.dumps(header, separators=(",", ":")).encode())
    p = b64(json.dumps(claims, separators=(",", ":")).encode())
    sig = b64(hashlib.sha256((h + "." + p).encode()).digest() * 4)
    return f"{h}.{p}.{sig}"

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--preset":
        print(mint(PRESETS[sys.argv[2]]))
    elif len(sys.argv) == 2:
        print(mint(json.loads(sys.argv[1])))
    else:
        sys.exit(__doc__)
