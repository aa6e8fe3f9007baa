#!/usr/bin/env python3
"""Runs every case of test/bad-inputs.json: a program of the build, its
arguments, the exit status it must return and a regular expression its
output (stdout and stderr) must match. A bad input must end in a clear
message and exit status 1 -- never a crash (a signal: exit 128+N or a
negative status), a hang (each case gets TIMEOUT seconds) or an assertion
from inside ns-3. An argument "{env}NAME=value" sets the environment
variable NAME for the case instead of being passed.

    check-bad-inputs.py BIN_DIR [--only PROGRAM] [--list]

Exit 0 if every case passes; prints each failure with the output seen.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TIMEOUT = 60


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bin", help="the build's bin/ folder")
    ap.add_argument("--only", help="run only this program's cases")
    ap.add_argument("--list", action="store_true", help="print the cases and exit")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    table = json.load(open(os.path.join(HERE, "bad-inputs.json")))
    cases = [c for c in table["cases"] if not a.only or c[0] == a.only]
    if a.list:
        for program, args, status, regex in cases:
            print(f"{program} {' '.join(args)}  -> exit {status}, /{regex}/")
        return 0
    failed = 0
    with tempfile.TemporaryDirectory(prefix="r3d-bad-inputs-") as tmp:
        for name, text in table["files"].items():
            with open(os.path.join(tmp, name), "w", newline="") as f:
                f.write(text)
        subs = {"{tmp}": tmp, "{dir}": tmp, "{data}": os.path.join(ROOT, "data")}
        for program, args, status, regex in cases:
            argv = [os.path.join(a.bin, program)]
            env = dict(os.environ)
            for arg in args:
                for k, v in subs.items():
                    arg = arg.replace(k, v)
                if arg.startswith("{env}"):
                    name, _, value = arg[len("{env}"):].partition("=")
                    env[name] = value
                else:
                    argv.append(arg)
            shown = " ".join([program] + args)
            if not os.path.exists(argv[0]):
                print(f"SKIP {shown}: {program} not built")
                continue
            try:
                p = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp, env=env)
                out, rc = p.stdout + p.stderr, p.returncode
            except subprocess.TimeoutExpired:
                out, rc = f"(no answer within {TIMEOUT} s)", None
            ok = rc == status and re.search(regex, out) is not None
            # Whatever the case expects, ns-3's own aborts are never an answer.
            if "file=./ns-3" in out or "NS_ASSERT" in out or "terminate called" in out:
                ok = False
            if not ok:
                failed += 1
                tail = "\n    ".join(out.strip().splitlines()[-6:])
                print(f"FAIL {shown}\n  want exit {status} and /{regex}/, got exit {rc}:\n    {tail}")
    print(f"bad inputs: {len(cases) - failed} of {len(cases)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
