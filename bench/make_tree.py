#!/usr/bin/env python3
"""Make a deterministic source tree for the tree-scan benchmark.

usage: make_tree.py OUT_DIR [N_FILES=20000] [TOTAL_MIB=200] [SEED=1] [CORPUS_MODULE_DIR]

Files of source-like lines (the line recipe of make_corpus.py) spread over nested folders
(src/a07/b13/file_00042.rs ...), sizes drawn from a skewed distribution (most a few KiB, some
hundreds of KiB) scaled so the tree totals TOTAL_MIB; about one file in 40 holds a token and one
in 20 a Graph URL. A `.gitignore` ignores `*.log` (and one `build.log` per top folder is written, so
both tools have something to skip). Writes OUT_DIR/.stamp with the arguments: an existing tree
with the same stamp is left as it is.
"""
import importlib.util
import os
import random
import sys


def load_corpus_module(extra_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    for d in [extra_dir, here]:
        if d and os.path.isfile(os.path.join(d, "make_corpus.py")):
            spec = importlib.util.spec_from_file_location("make_corpus", os.path.join(d, "make_corpus.py"))
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    sys.exit("make_tree.py: make_corpus.py not found")


def main():
    out = sys.argv[1]
    n_files = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    total = int(float(sys.argv[3]) * 1024 * 1024) if len(sys.argv) > 3 else 200 * 1024 * 1024
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    mc = load_corpus_module(sys.argv[5] if len(sys.argv) > 5 else None)
    stamp = "%d %d %d\n" % (n_files, total, seed)
    stamp_path = os.path.join(out, ".stamp")
    if os.path.isfile(stamp_path) and open(stamp_path).read() == stamp:
        print("tree %s already made" % out)
        return
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0, 1.2) for _ in range(n_files)]
    scale = total / sum(weights)
    exts = [".rs", ".py", ".ts", ".go", ".cs", ".java", ".ps1", ".sh", ".json", ".yaml", ".md", ".http"]
    written = n_jwt = n_url = 0
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".gitignore"), "w") as f:
        f.write("*.log\n")
    for i, w in enumerate(weights):
        size = max(64, int(w * scale))
        d = os.path.join(out, "src", "a%02d" % (i % 50), "b%02d" % ((i // 50) % 20))
        os.makedirs(d, exist_ok=True)
        lines, n = [], 0
        has_jwt = rng.random() < 1 / 40
        has_url = rng.random() < 1 / 20
        while n < size:
            line = mc.filler(rng)
            lines.append(line)
            n += len(line) + 1
        if has_jwt:
            lines.insert(rng.randrange(len(lines) + 1), mc.planted_jwt(rng, mc.make_jwt(rng)))
            n_jwt += 1
        if has_url:
            lines.insert(rng.randrange(len(lines) + 1), '    let url = "%s";' % mc.make_graph(rng))
            n_url += 1
        text = "\n".join(lines) + "\n"
        with open(os.path.join(d, "file_%05d%s" % (i, exts[i % len(exts)])), "w") as f:
            f.write(text)
        written += len(text)
    for a in range(50):
        with open(os.path.join(out, "src", "a%02d" % a, "build.log"), "w") as f:
            f.write("eyJignored\n" * 1000)
    with open(stamp_path, "w") as f:
        f.write(stamp)
    print("wrote %s: %d files, %d bytes, %d with a token, %d with a Graph URL" % (out, n_files, written, n_jwt, n_url))


if __name__ == "__main__":
    main()
