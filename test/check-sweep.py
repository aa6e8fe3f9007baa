#!/usr/bin/env python3
"""Checks scripts/r3d-sweep (CTest: r3d-sweep, r3d-sweep-slurm, r3d-sweep-e2e).

  check-sweep.py fake          grid expansion, RngRun, the run folders, failures,
                               resume after a killed run and an interrupted sweep,
                               the merged CSV's columns and types, dry run, checks
                               on the sweep file, against test/fake-sweep-program.py
  check-sweep.py slurm         the SLURM scripts --slurm writes (array size, the
                               per-task command, the merge job), run with bash
  check-sweep.py e2e BIN_DIR   r3d-mec-scenario from BIN_DIR: 2 parameters x 2
                               values x 2 seeds of 1 simulated second
Needs GNU Parallel; not SLURM nor ssh.
"""
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SWEEP = os.path.join(ROOT, "scripts", "r3d-sweep")
FAKE = os.path.join(HERE, "fake-sweep-program.py")
BIN_DIR = None


def sweep(*args, env=None, timeout=120):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([SWEEP] + [str(a) for a in args], capture_output=True, text=True, env=e,
                          timeout=timeout)


def read_csv(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [dict(zip(header, row)) for row in r]


def is_int(s):
    return re.fullmatch(r"-?\d+", s) is not None


def is_float(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


class Tmp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="r3d-sweep-test-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write_sweep(self, doc, name="s.json"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(doc, f)
        return path

    def fake_sweep(self, **extra):
        doc = {"program": FAKE, "args": {"sleep": 0.1},
               "parameters": {"x": [1, 2, 3], "y": {"from": 0.5, "to": 1.0, "step": 0.5}}, "seeds": 2}
        doc.update(extra)
        return self.write_sweep(doc)

    def log_lines(self, log):
        if not os.path.exists(log):
            return []
        with open(log) as f:
            return f.read().splitlines()


class Fake(Tmp):
    def test_evaluate_policies_checkpoint_to_r3d_only(self):
        # scripts/evaluate-policies.sh --checkpoint: r3d-mec-scenario refuses
        # --checkpoint with a policy other than r3d, so only r3d runs get it.
        bindir, log = os.path.join(self.dir, "bin"), os.path.join(self.dir, "calls")
        os.makedirs(bindir)
        fake = os.path.join(bindir, "r3d-mec-scenario")
        with open(fake, "w") as f:
            f.write('#!/bin/sh\necho "$@" >> %s\n'
                    'for a; do case $a in --output=*) echo "{}" > "${a#--output=}";; esac; done\n' % log)
        os.chmod(fake, 0o755)
        ckpt = os.path.join(self.dir, "agent.pt")
        open(ckpt, "w").close()
        subprocess.run([os.path.join(ROOT, "scripts", "evaluate-policies.sh"), os.path.join(self.dir, "eval"),
                        "--bin", bindir, "--policies", "local-only,r3d", "--rates", "1", "--seeds", "1",
                        "--jobs", "1", "--checkpoint", ckpt], capture_output=True, text=True, timeout=120)
        calls = self.log_lines(log)
        self.assertEqual(len(calls), 2, calls)
        for call in calls:
            self.assertEqual("--checkpoint=" + ckpt in call, "--policy=r3d" in call, call)

    def test_grid_runs_failures_merge_resume(self):
        s, out, log = self.fake_sweep(), os.path.join(self.dir, "out"), os.path.join(self.dir, "log")
        r = sweep(s, "--output", out, "--jobs", 2, env={"FAKE_LOG": log})
        self.assertEqual(r.returncode, 1, r.stderr)  # the x=3 runs fail
        self.assertIn("12/12 runs finished", r.stderr)
        self.assertRegex(r.stderr, r"~\d+s left")
        calls = self.log_lines(log)
        self.assertEqual(len(calls), 12)
        # Grid x seeds, each with its RngRun and its own output file.
        for x in (1, 2, 3):
            for y in ("0.5", "1"):
                for seed in (1, 2):
                    d = os.path.join(out, "runs", "x=%d,y=%s" % (x, y), "seed-%d" % seed)
                    for f in ("cmd", "stdout", "stderr", "status"):
                        self.assertTrue(os.path.exists(os.path.join(d, f)), (d, f))
                    with open(os.path.join(d, "cmd")) as f:
                        cmd = f.read()
                    self.assertIn("--x=%d --y=%s --RngRun=%d --output=%s/results.partial.json" % (x, y, seed, d),
                                  cmd)
                    with open(os.path.join(d, "status")) as f:
                        status = json.load(f)
                    self.assertEqual(status["state"], "failed" if x == 3 else "ok")
                    self.assertEqual(os.path.exists(os.path.join(d, "results.json")), x != 3)
                    self.assertFalse(os.path.exists(os.path.join(d, "results.partial.json")))
        # The merged CSV: one row per successful run, parameters and seed first.
        header, rows = read_csv(os.path.join(out, "results.csv"))
        self.assertEqual(header[:7], ["x", "y", "seed", "runDir", "commit", "wallTimeS", "cpuTimeS"])
        self.assertEqual(len(rows), 8)
        for col in ("latencyMs.overall.mean", "latencyMs.overall.p95", "energyJ.edge.total", "json.seed", "run",
                    "results.ram.meanMs", "results.equal-share.meanMs", "series.0", "series.1",
                    "parameters.nDevices", "parameters.wanRate", "empty", "ok"):
            self.assertIn(col, header)
        for row in rows:
            self.assertTrue(is_int(row["x"]) and is_int(row["seed"]) and is_int(row["run"]))
            self.assertEqual(row["run"], row["seed"])  # the program got --RngRun=<seed>
            self.assertEqual(row["y"], repr(float(row["y"])))  # a float column
            self.assertEqual(row["parameters.nDevices"], "8")  # numeric string -> number
            self.assertEqual(row["parameters.y"], row["y"])
            self.assertEqual(row["parameters.wanRate"], "1Gbps")
            self.assertEqual(row["empty"], "")
            self.assertTrue(is_float(row["latencyMs.overall.mean"]) and is_float(row["wallTimeS"]))
            self.assertTrue(0 < float(row["cpuTimeS"]) < 10 * float(row["wallTimeS"]))
            self.assertEqual(float(row["results.equal-share.meanMs"]), float(row["x"]) + 1)
        manifest = json.load(open(os.path.join(out, "sweep.json")))
        self.assertEqual(len(manifest["runs"]), 12)
        self.assertEqual({r["commit"] for r in rows}, {manifest["commit"]})
        # Failures, with the stderr tail (progress lines rewritten by \r reduced to their last state).
        _, fails = read_csv(os.path.join(out, "failures.csv"))
        self.assertEqual(len(fails), 4)
        for f in fails:
            self.assertEqual((f["x"], f["exitCode"], f["reason"]), ("3", "3", "exit code 3"))
            self.assertIn("fake: x=3 is not supported", f["stderrTail"])
            self.assertNotIn("progress 10%", f["stderrTail"])
        # Resume: only the failed runs run again.
        r = sweep(s, "--output", out, "--jobs", 2, env={"FAKE_LOG": log})
        self.assertEqual(r.returncode, 1)
        self.assertIn("8 done already, 4 to run", r.stderr)
        again = self.log_lines(log)[12:]
        self.assertEqual(len(again), 4)
        self.assertTrue(all("--x=3" in line for line in again))
        # Merge only, and a dry run that prints what is left and writes nothing.
        r = sweep(s, "--output", out, "--merge-only")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 8)
        r = sweep(s, "--output", out, "--dry-run")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(len(r.stdout.splitlines()), 4)
        self.assertEqual(len(self.log_lines(log)), 16)

    def test_killed_run_resumes(self):
        s, out = self.fake_sweep(parameters={"x": [1, 2], "y": [1]}), os.path.join(self.dir, "out")
        hang = os.path.join(self.dir, "hang.pid")
        p = subprocess.Popen([SWEEP, s, "--output", out, "--jobs", "2"], stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, FAKE_HANG=hang))
        deadline = time.time() + 60
        while not os.path.exists(hang) and time.time() < deadline:
            time.sleep(0.1)
        self.assertTrue(os.path.exists(hang), "the hanging run did not start")
        os.kill(int(open(hang).read()), signal.SIGKILL)
        _, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 1, err)
        _, fails = read_csv(os.path.join(out, "failures.csv"))
        self.assertEqual([(f["runDir"], f["reason"]) for f in fails], [("runs/x=2,y=1/seed-2", "killed by signal 9")])
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 3)
        log = os.path.join(self.dir, "log")
        r = sweep(s, "--output", out, env={"FAKE_LOG": log})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.log_lines(log)), 1)
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 4)
        self.assertEqual(len(read_csv(os.path.join(out, "failures.csv"))[1]), 0)

    def test_interrupted_sweep_resumes(self):
        s = self.fake_sweep(parameters={"x": [1, 2], "y": [1, 2]}, args={"sleep": 1}, seeds=2)
        out, log = os.path.join(self.dir, "out"), os.path.join(self.dir, "log")
        p = subprocess.Popen([SWEEP, s, "--output", out, "--jobs", "2"], stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, FAKE_LOG=log), start_new_session=True)
        deadline = time.time() + 60
        while len(self.log_lines(log)) < 3 and time.time() < deadline:
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGINT)  # Ctrl-C: the whole process group
        _, err = p.communicate(timeout=60)
        self.assertNotEqual(p.returncode, 0)
        done = [d for d, _, files in os.walk(out) if "results.json" in files]
        self.assertLess(len(done), 8, err)
        r = sweep(s, "--output", out, "--jobs", 2, env={"FAKE_LOG": log})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("%d done already" % len(done), r.stderr)
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 8)

    def test_sweep_file_forms(self):
        out = os.path.join(self.dir, "out")
        s = self.write_sweep({"program": FAKE, "args": ["--sleep=0", "--y={sweepDir}"],
                              "parameters": [{"x": {"from": 1, "to": 8, "factor": 2}},
                                             {"x": {"values": [0.1]}, "z": {"from": 0.1, "to": 0.3, "step": 0.1}}],
                              "seeds": [3, 7]})
        r = sweep(s, "--output", out, "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), (4 + 3) * 2)
        self.assertIn("--y=%s" % self.dir, lines[0])
        self.assertTrue(any("--x=8 --RngRun=7" in line for line in lines))
        self.assertTrue(any("--x=0.1 --z=0.3 --RngRun=3" in line for line in lines))  # no 0.30000000000000004
        self.assertFalse(os.path.exists(out))
        # Bad files: clear messages, exit 2.
        for doc, msg in (({"args": {}}, "\"program\""),
                         ({"program": FAKE, "parameters": {"x": {"from": 1}}}, "parameters.x"),
                         ({"program": FAKE, "seeds": 0}, "seeds"),
                         ({"program": FAKE, "bogus": 1}, "unknown key"),
                         ({"program": "no-such-r3d-program"}, "not on PATH")):
            r = sweep(self.write_sweep(doc, "bad.json"), "--output", out, "--dry-run")
            self.assertEqual(r.returncode, 2, doc)
            self.assertIn(msg, r.stderr)

    def test_changed_sweep(self):
        s, out = self.fake_sweep(parameters={"x": [1], "y": [1]}, seeds=1), os.path.join(self.dir, "out")
        self.assertEqual(sweep(s, "--output", out).returncode, 0)
        # Other fixed arguments: the results in DIR are not theirs.
        s2 = self.fake_sweep(parameters={"x": [1], "y": [1]}, seeds=1, args={"sleep": 0.2})
        r = sweep(s2, "--output", out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("holds runs of another sweep (args differ)", r.stderr)
        # A worker refuses a sweep file edited after the manifest was written.
        self.fake_sweep(parameters={"x": [1, 2], "y": [1]}, seeds=1)
        r = sweep(s, "--output", out, "--run-index", 0)
        self.assertEqual(r.returncode, 2)
        self.assertIn("changed since", r.stderr)
        # The launcher accepts a larger grid and runs only the new runs.
        log = os.path.join(self.dir, "log")
        r = sweep(s, "--output", out, env={"FAKE_LOG": log})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.log_lines(log)), 1)

    def test_yaml(self):
        if subprocess.run(["python3", "-c", "import yaml"], capture_output=True).returncode != 0:
            self.skipTest("python3-yaml is not installed")
        path = os.path.join(self.dir, "s.yaml")
        with open(path, "w") as f:
            f.write("program: %s\nargs:\n  sleep: 0\nparameters:\n  x: [1, 2]\n  y:\n    from: 1\n    to: 2\n"
                    "seeds: 1\n" % FAKE)
        out = os.path.join(self.dir, "out")
        r = sweep(path, "--output", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 4)


class Slurm(Tmp):
    def test_scripts(self):
        s, out = self.fake_sweep(), os.path.join(self.dir, "out")
        r = sweep(s, "--output", out, "--slurm", "--slurm-time", "01:00:00", "--slurm-mem", "4G",
                  "--slurm-max-parallel", 5, "--slurm-partition", "short", "--slurm-option", "qos=low",
                  "--slurm-setup", "export FAKE_LOG=%s/log" % self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "runs")))  # nothing ran
        text = {f: open(os.path.join(out, f)).read() for f in ("sweep.sbatch", "merge.sbatch", "submit.sh")}
        a = text["sweep.sbatch"]
        for line in ("#SBATCH --array=0-11%5", "#SBATCH --time=01:00:00", "#SBATCH --mem=4G",
                     "#SBATCH --cpus-per-task=1", "#SBATCH --partition=short", "#SBATCH --qos=low",
                     "#SBATCH --output=%s/slurm/%%A_%%a.out" % out, "export FAKE_LOG=%s/log" % self.dir,
                     "exec %s %s --output %s --run-index \"$SLURM_ARRAY_TASK_ID\"" % (SWEEP, s, out)):
            self.assertIn(line + "\n", a)
        self.assertIn("exec %s %s --output %s --merge-only\n" % (SWEEP, s, out), text["merge.sbatch"])
        self.assertIn("--dependency=afterany:$array", text["submit.sh"])
        for f in text:
            self.assertEqual(subprocess.run(["bash", "-n", os.path.join(out, f)]).returncode, 0, f)
            self.assertTrue(os.access(os.path.join(out, f), os.X_OK))
        # What a task runs: the same per-run command as GNU Parallel.
        env = dict(os.environ, SLURM_ARRAY_TASK_ID="2")
        t = subprocess.run(["bash", os.path.join(out, "sweep.sbatch")], env=env, capture_output=True, text=True)
        self.assertEqual(t.returncode, 0, t.stderr)
        self.assertTrue(os.path.exists(os.path.join(out, "runs/x=1,y=1/seed-1/results.json")))
        self.assertEqual(len(self.log_lines(os.path.join(self.dir, "log"))), 1)
        m = subprocess.run(["bash", os.path.join(out, "merge.sbatch")], capture_output=True, text=True)
        self.assertEqual(m.returncode, 1)  # 11 runs have not run
        self.assertIn("11 runs have no results yet", m.stderr)
        self.assertEqual(len(read_csv(os.path.join(out, "results.csv"))[1]), 1)

    def test_runs_per_task(self):
        s, out = self.fake_sweep(), os.path.join(self.dir, "out")
        r = sweep(s, "--output", out, "--slurm", "--runs-per-task", 5)
        self.assertEqual(r.returncode, 0, r.stderr)
        a = open(os.path.join(out, "sweep.sbatch")).read()
        self.assertIn("#SBATCH --array=0-2%100\n", a)
        t = subprocess.run(["bash", os.path.join(out, "sweep.sbatch")], capture_output=True, text=True,
                           env=dict(os.environ, SLURM_ARRAY_TASK_ID="2"))
        self.assertEqual(t.returncode, 1)  # runs 10 and 11 have x=3, which fails
        self.assertEqual(t.stdout.count("r3d-sweep-run"), 2)


class EndToEnd(Tmp):
    def test_scenario(self):
        program = os.path.join(BIN_DIR, "r3d-mec-scenario")
        if not os.access(program, os.X_OK):
            self.fail("no %s" % program)
        s = self.write_sweep({"program": program,
                              "args": {"simTime": 1, "quiet": True, "progress": False},
                              "parameters": {"policy": ["edge-only", "local-only"], "nDevices": [1, 2]},
                              "seeds": 2})
        out = os.path.join(self.dir, "out")
        start = time.time()
        r = sweep(s, "--output", out, "--jobs", 2)
        self.assertEqual(r.returncode, 0, r.stderr)
        header, rows = read_csv(os.path.join(out, "results.csv"))
        self.assertEqual(len(rows), 8)
        self.assertEqual(header[:3], ["policy", "nDevices", "seed"])
        for col in ("latencyMs.overall.mean", "latencyMs.overall.p95", "requests.generated", "requests.deadlineMet",
                    "energyJ.all.total", "energyJ.edge.total", "cost.mean", "utilization.edge-0.compute"):
            self.assertIn(col, header)
        for row in rows:
            self.assertEqual(row["parameters.nDevices"], row["nDevices"])
            self.assertEqual(row["parameters.policy"], row["policy"])
            self.assertTrue(is_int(row["requests.generated"]) and is_int(row["parameters.nDevices"]))
            self.assertEqual(row["json.run"] if "json.run" in row else row["run"], row["seed"])
        print("e2e sweep of 8 runs took %.1f s" % (time.time() - start), file=sys.stderr)


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    suites = {"fake": Fake, "slurm": Slurm, "e2e": EndToEnd}
    if which not in suites or (which == "e2e") != (len(sys.argv) == 3):
        sys.exit(__doc__)
    if which == "e2e":
        BIN_DIR = os.path.abspath(sys.argv[2])
    if not shutil.which("parallel"):
        sys.exit("check-sweep: GNU Parallel is not installed (scripts/install-deps.sh)")
    result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.loadTestsFromTestCase(suites[which]))
    sys.exit(0 if result.wasSuccessful() else 1)
