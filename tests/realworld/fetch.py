#!/usr/bin/env python3
"""Download the real-world corpus: every file named in sources.json, holdout/sources.json and
refetch.json, at its pinned commit, from raw.githubusercontent.com.

The repository keeps only what the scoring needs besides the files themselves: where each file
comes from (repository, commit, licence, SHA-256) and what a reviewer expects of it. The files are
other people's code and stay out of the repository; run this once, with network access, and the
scoring test (`cargo test -p claimcheck --test e2e realworld -- --nocapture`) scores them.

Usage: python3 tests/realworld/fetch.py
Files land at files/<owner>__<repo>/<path> (and holdout/files/, refetched/), checked against the
recorded SHA-256.
"""
import hashlib
import json
import os
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def download(repo, commit, path):
    url = 'https://raw.githubusercontent.com/{}/{}/{}'.format(repo, commit, urllib.parse.quote(path))
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def main():
    failed = 0
    jobs = []
    for base in ['.', 'holdout']:
        with open(os.path.join(HERE, base, 'sources.json'), encoding='utf-8') as f:
            for src in json.load(f):
                for path in src['files']:
                    jobs.append((src['repo'], src['commit'], path, src.get('sha256', {}).get(path),
                                 os.path.join(HERE, base, 'files')))
    with open(os.path.join(HERE, 'refetch.json'), encoding='utf-8') as f:
        for e in json.load(f):
            jobs.append((e['repo'], e['commit'], e['path'], None, os.path.join(HERE, 'refetched')))
    for repo, commit, path, sha, dest in jobs:
        out = os.path.join(dest, repo.replace('/', '__'), *path.split('/'))
        try:
            data = download(repo, commit, path)
        except Exception as exc:  # network errors, a history rewritten upstream, ...
            print('FAILED  {}/{}: {}'.format(repo, path, exc), file=sys.stderr)
            failed += 1
            continue
        if sha and hashlib.sha256(data).hexdigest() != sha:
            print('FAILED  {}/{}: not the recorded content'.format(repo, path), file=sys.stderr)
            failed += 1
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, 'wb') as f:
            f.write(data)
        print('ok      {}'.format(os.path.relpath(out, HERE)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
