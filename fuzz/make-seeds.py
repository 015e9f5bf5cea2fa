#!/usr/bin/env python3
"""Writes the starting seeds of each fuzz target into fuzz/seeds/<target>/ (not committed).

The committed corpora in fuzz/corpus/ are what the fuzzers grew from these, minimised with
`-merge=1`. Run from the repository root: python3 fuzz/make-seeds.py
"""
import base64
import json
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "seeds"
NAMES = ["a.py", "a.cs", "a.ps1", "a.http", "a.js", "a.ts", "a.go", "a.java", "a.sh", "a.yaml",
         "a.md", "a.json", "a.rest", ".env", "a.bat", "a.sql"]


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=")


def mint(claims):
    h = b64(json.dumps({"typ": "JWT", "alg": "RS256"}).encode())
    p = b64(json.dumps(claims).encode())
    return (h + b"." + p + b"." + b64(b"filler-signature")).decode()


DELEGATED = mint({"aud": "https://graph.microsoft.com", "idtyp": "user", "scp": "User.Read Mail.Read",
                  "upn": "ada@contoso.example", "wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"],
                  "iat": 1767225600, "nbf": 1767225600, "exp": 2082758400})
APP = mint({"aud": "00000003-0000-0000-c000-000000000000", "roles": ["SecurityIncident.Read.All"],
            "exp": 1700000000})
XDR = mint({"aud": "https://api.security.microsoft.com", "scp": "AdvancedHunting.Read"})

SNIPPETS = [
    f'TOKEN = "{DELEGATED}"\nr = requests.get("https://graph.microsoft.com/v1.0/security/alerts_v2")\n',
    f"curl -X PATCH -H 'Authorization: Bearer {APP}' \\\n  https://graph.microsoft.com/beta/security/incidents/{{id}}\n",
    f'Invoke-RestMethod -Method Post -Uri "/v1.0/security/runHuntingQuery" -Headers @{{Authorization="Bearer {XDR}"}}\n',
    f"https://app.example/cb#access_token={DELEGATED}&token_type=Bearer\nGET /v1.0/security/alerts/{{id}}\n",
    "GET {{graph}}/v1.0/security/alerts_v2?$top=5\r\nAuthorization: Bearer {{token}}\r\n###\r\n",
    "@a = {{b}}\n@b = {{a}}\nGET https://graph.microsoft.com/v1.0/security/secureScores\nAuthorization: Bearer {{a}}\n",
    "x = graphClient.Security.Alerts_v2[\"id\"].PatchAsync(body); // claimcheck:ignore[unknown-endpoint]\n",
    "scopes = [\"https://graph.microsoft.com/SecurityAlert.Read.All\", \"openid\"]\nclient.security.alerts_v2.by_alert_id(x).patch(body)\n",
    "Connect-MgGraph -Scopes \"SecurityEvents.Read.All\",'User.Read'\nGet-MgSecurityAlertV2 -AlertId $id\nUpdate-MgBetaSecurityIncident\n",
    "graphClient.Security().Alerts_v2().ByAlertId(id).Get(ctx, nil)\nimport \"github.com/microsoftgraph/msgraph-beta-sdk-go\"\n",
    "client.api(\"/security/alerts_v2\").version(\"beta\").update(body)\n\"${base}/v1.0/security/\" + id\n",
    "é😀👩‍💻 \"https://dod-graph.microsoft.us/v1.0/security/cases/ediscoveryCases/{0}/custodians\"\r\u2028x\r",
    "microsoftgraph.chinacloudapi.cn/beta/security/identities/healthIssues/$count/$value.\n",
]


def write(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    texts = {}
    for p in sorted((ROOT / "examples").iterdir()):
        texts[p.name] = p.read_bytes()
    for i, s in enumerate(SNIPPETS):
        texts[f"snippet{i}.txt"] = s.encode()
    for name, data in texts.items():
        ext = os.path.splitext(name)[1] or ".txt"
        kind = next((i for i, n in enumerate(NAMES) if n.endswith(ext)), 0)
        write("analyze", name, bytes([kind]) + data)
        write("analyze", name + ".cfg", bytes([kind | 0x10]) + data)
        write("url", name, data)
        write("jwt", name, b"\x00" + data)
        if ext in (".http", ".txt"):
            write("http", name, b"\x00" + data)
        # Document: the text, then a few edits (line, column, line, column, inserted text).
        edits = [bytes([1, 0, 1, 3]) + b"x", bytes([0, 5, 2, 0]) + b"\r\n", bytes([3, 250, 0, 0]) + b"",
                 bytes([0xfe, 0, 0, 0]) + data[:200], bytes([0, 0, 0, 0]) + b"eyJ"]
        write("document", name, bytes([kind]) + data + b"".join(b"\xff" + e for e in edits))
    for i, (h, p) in enumerate([
        ({"alg": "RS256"}, {"aud": "https://graph.microsoft.com", "scp": "a b", "exp": "1700000000"}),
        ({"alg": "none", "enc": "A256GCM"}, {"roles": ["x"]}),
        ({"typ": "JWT"}, {"idtyp": "app", "aud": ["https://graph.microsoft.us", 5], "wids": "x y", "nbf": 1e300}),
        ({}, {"upn": 7, "iat": -9223372036854775808, "exp": 9223372036854775807, "tid": None}),
    ]):
        piece = b"\xff".join([b"Bearer ", json.dumps(h).encode(), json.dumps(p).encode(), b"sig", b" trailing"])
        write("jwt", f"assembled{i}", bytes([1]) + piece)
        write("jwt", f"assembled{i}.padded", bytes([3]) + piece)
    write("http", "recursive", b"\x02" + b"\n".join(
        [f"@v{i} = {{{{v{i + 1}}}}}".encode() for i in range(20)]
        + [b"GET https://graph.microsoft.com/v1.0/security/alerts_v2", b"Authorization: Bearer {{v0}}"]))


if __name__ == "__main__":
    main()
