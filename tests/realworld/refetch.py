#!/usr/bin/env python3
"""Download the files listed in refetch.json from GitHub.

These files are part of the real-world corpus in spirit but are not stored in
the repository, because their licence does not clearly allow redistribution.
refetch.json pins each one to a commit and carries its expectations (same
schema as expected.json entries). The tests never need this script; it is for
people with network access who want to score the scanner on these files too.

Usage: python3 refetch.py [--dest DIR]   (default: ./refetched next to this file)
Files land at DIR/<owner>__<repo>/<path>, the same layout as files/.
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dest', default=os.path.join(HERE, 'refetched'))
    args = ap.parse_args()
    with open(os.path.join(HERE, 'refetch.json'), encoding='utf-8') as f:
        entries = json.load(f)
    failed = 0
    for e in entries:
        url = 'https://raw.githubusercontent.com/{}/{}/{}'.format(
            e['repo'], e['commit'], urllib.parse.quote(e['path']))
        out = os.path.join(args.dest, e['repo'].replace('/', '__'), *e['path'].split('/'))
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                data = r.read()
        except Exception as exc:  # network errors, 404 after a history rewrite, ...
            print('FAILED  {}: {}'.format(url, exc), file=sys.stderr)
            failed += 1
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, 'wb') as f:
            f.write(data)
        print('ok      {} ({} bytes, licence: {})'.format(out, len(data), e['license']))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
