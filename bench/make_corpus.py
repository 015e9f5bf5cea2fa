#!/usr/bin/env python3
# The benchmark corpus generator: the same arguments and, for the same seed, the same output as
# the corpus recipe the performance targets are stated on.
"""Make a deterministic synthetic corpus for token-scanner benchmarks.

usage: make_corpus.py OUT_FILE [SIZE_MB=50] [N_JWT=300] [N_GRAPH=300] [SEED=1]
Writes OUT_FILE (mixed source-like lines) and OUT_FILE.truth.json
(line numbers of every planted JWT and Graph URL).
"""
import base64
import json
import random
import sys


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def make_jwt(rng):
    hdr = rng.choice([
        {"alg": "HS256", "typ": "JWT"},
        {"alg": "RS256", "typ": "JWT", "kid": "k" + str(rng.randrange(10**6))},
        {"typ": "JWT", "alg": "ES256", "x5t": b64u(rng.randbytes(20))},
    ])
    now = 1_700_000_000 + rng.randrange(10**7)
    payload = {
        "aud": rng.choice(["https://graph.microsoft.com", "api://demo", "00000003-0000-0000-c000-000000000000"]),
        "iss": "https://sts.example.invalid/%08x/" % rng.randrange(16**8),
        "iat": now, "exp": now + 3600,
        "sub": "%032x" % rng.getrandbits(128),
        "scp": rng.choice(["User.Read", "Mail.Read Files.ReadWrite", "openid profile"]),
    }
    sig = b64u(rng.randbytes(rng.choice([32, 64, 256])))
    return ".".join([b64u(json.dumps(hdr, separators=(",", ":")).encode()),
                     b64u(json.dumps(payload, separators=(",", ":")).encode()), sig])


def make_graph(rng):
    res = rng.choice(["me/messages", "users/%s/drive/root/children" % ("%032x" % rng.getrandbits(128)),
                      "me/events?$top=10", "groups/%d/members" % rng.randrange(10**6), "sites/root"])
    return "https://graph.microsoft.com/%s/%s" % (rng.choice(["v1.0", "beta"]), res)


WORDS = ("let mut self fn impl pub struct return await async match const var function import from "
         "export default class interface type string number value result error config client server "
         "request response handler token buffer index offset length parse render update").split()


def ident(rng):
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def filler(rng):
    k = rng.randrange(10)
    if k == 0:
        return "    let %s = %s(&%s)?;" % (ident(rng), ident(rng), ident(rng))
    if k == 1:
        return "  const %s = await %s.%s(%d);" % (ident(rng), ident(rng), ident(rng), rng.randrange(1000))
    if k == 2:
        return "    # %s %s %s" % (ident(rng), ident(rng), ident(rng))
    if k == 3:
        return '  "%s": "%s",' % (ident(rng), b64u(rng.randbytes(rng.randint(4, 24))))
    if k == 4:
        return "2024-05-%02dT12:%02d:%02dZ INFO %s: %s=%d" % (
            rng.randint(1, 28), rng.randrange(60), rng.randrange(60), ident(rng), ident(rng), rng.randrange(10**6))
    if k == 5:
        return "        if %s.%s() { return Err(%s); }" % (ident(rng), ident(rng), ident(rng))
    if k == 6:
        return "import { %s } from './%s';" % (ident(rng), ident(rng))
    if k == 7:
        return "    sha = \"%s\"" % ("%040x" % rng.getrandbits(160))
    if k == 8:
        return ""
    return "    %s(%s, %s);" % (ident(rng), ident(rng), ident(rng))


def planted_jwt(rng, jwt):
    return rng.choice([
        "Authorization: Bearer %s",
        '    let token = "%s";',
        '  "access_token": "%s",',
        "curl -H 'x-api: %s' https://api.example.invalid/",
        "GET /callback?id_token=%s&state=abc",
    ]) % jwt


def main():
    out = sys.argv[1]
    size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 50 * 1024 * 1024
    n_jwt = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    n_graph = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    avg_line = 45
    est_lines = size // avg_line
    jwt_lines = set(rng.sample(range(est_lines), n_jwt))
    graph_lines = set(rng.sample(sorted(set(range(est_lines)) - jwt_lines), n_graph))
    truth = {"jwt": [], "graph": []}
    written, lineno = 0, 0
    with open(out, "w") as f:
        buf = []
        while written < size:
            if lineno in jwt_lines:
                line = planted_jwt(rng, make_jwt(rng)); truth["jwt"].append(lineno + 1)
            elif lineno in graph_lines:
                line = '    let url = "%s";' % make_graph(rng); truth["graph"].append(lineno + 1)
            else:
                line = filler(rng)
            buf.append(line)
            written += len(line) + 1
            lineno += 1
            if len(buf) >= 10000:
                f.write("\n".join(buf) + "\n"); buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
    with open(out + ".truth.json", "w") as f:
        json.dump({"bytes": written, "lines": lineno, "n_jwt": len(truth["jwt"]),
                   "n_graph": len(truth["graph"]), **truth}, f)
    print("wrote %s: %d bytes, %d lines, %d JWTs, %d Graph URLs" % (
        out, written, lineno, len(truth["jwt"]), len(truth["graph"])))


if __name__ == "__main__":
    main()
