#!/usr/bin/env python3
"""A SEM campaign for r3d-mec-scenario: every policy at three loads, 5 runs.

UNTESTED. SEM (https://github.com/signetlabdei/sem, `pip install sem`) is not
a Debian package and could not be installed where r3d is developed, so this
file has never been run. It is written against SEM's documented API
(CampaignManager.new, run_missing_simulations, get_results_as_dataframe);
check it against the SEM version you install. scripts/r3d-sweep with
examples/sweeps/policies-vs-rate.json runs the same grid and is tested;
it uses RngRun 1001-1005, while SEM chooses the runs' RngRun itself, which
may fall among the seeds the shipped agent was trained on (1-80).

SEM works inside an ns-3 source tree: put r3d in contrib/r3d and build with
examples (`./ns3 configure --enable-examples && ./ns3 build`). SEM then
  - reads the program's options from `--PrintHelp` (every r3d-mec-scenario
    parameter is a CommandLine value),
  - runs each simulation in a folder of its own with `--RngRun=<run>` and
    the parameters below, and keeps every file the run writes in its working
    folder: `--output=results.json` is relative, so it lands there,
  - stores the runs in CAMPAIGN_DIR and gives them back as a pandas DataFrame.

Usage: python3 sem-campaign.py NS3_DIR [CAMPAIGN_DIR]
"""
import json
import os
import sys

import sem  # pip install sem; not a Debian package

NS3_DIR = sys.argv[1] if len(sys.argv) > 1 else "ns-3.37"
CAMPAIGN_DIR = sys.argv[2] if len(sys.argv) > 2 else "r3d-sem-campaign"

campaign = sem.CampaignManager.new(
    NS3_DIR,
    "r3d-mec-scenario",
    CAMPAIGN_DIR,
    check_repo=False,  # Debian's ns-3 source tree is not a git repository
    optimized=True,
    overwrite=False,  # resume: runs already in the campaign are kept
)

# Every value is a list (SEM takes the product); SEM adds RngRun itself.
params = {
    "policy": ["local-only", "edge-only", "cloud-only", "random", "greedy", "lru", "lfu", "static", "r3d"],
    "rate": [4, 8, 12],
    "nDevices": [8],
    "simTime": [40],
    # Relative to the run's own folder, where SEM collects the files.
    "output": ["results.json"],
    # Absolute: each run works in a folder of its own.
    "staticFile": [os.path.join(os.path.abspath(NS3_DIR), "contrib/r3d/data/static-deployment-example.json")],
    "quiet": [True],
    "progress": [False],
}
campaign.run_missing_simulations(sem.list_param_combinations(params), runs=5)

METRICS = ["latencyMs.overall.mean", "latencyMs.overall.p95", "requests.deadlineMet", "requests.generated",
           "energyJ.all.total", "cost.mean"]


def metrics(result):
    """One row of metrics from a run's results.json (the same dotted names as r3d-sweep's CSV)."""
    doc = json.loads(result["output"]["results.json"])
    row = []
    for name in METRICS:
        value = doc
        for part in name.split("."):
            value = value[part]
        row.append(value)
    return row


frame = campaign.get_results_as_dataframe(metrics, METRICS, params=params, drop_columns=True)
frame.to_csv("%s/results.csv" % CAMPAIGN_DIR, index=False)
print(frame.groupby(["policy", "rate"])[METRICS].mean())
