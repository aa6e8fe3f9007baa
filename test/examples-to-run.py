#! /usr/bin/env python3
## -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-

# r3d's programs that ns-3's test.py runs (in-tree, with --enable-examples
# --enable-tests) to keep them buildable and runnable. Each tuple is
#
#     (example_name and arguments, do_run, do_valgrind_run).
#
# The runs are short (a few simulated seconds, small scenarios); the
# programs' outputs are checked by test/check-programs.sh in the standalone
# build. r3d-train needs LibTorch and is left to that check; r3d-calibrate
# measures the host and is not run here.
cpp_examples = [
    ("r3d-roofline --device=jetson-nano --model=resnet50", "True", "True"),
    ("r3d-roofline --all", "True", "False"),
    ("r3d-ram-contention --simTime=2", "True", "False"),
    ("r3d-fit-efficiency", "True", "False"),
    ("r3d-mec-minimal --simTime=2", "True", "False"),
    (
        "r3d-mec-scenario --simTime=2 --nDevices=2 --policy=edge-only --progress=false",
        "True",
        "False",
    ),
    (
        "r3d-mec-scenario --simTime=2 --nDevices=2 --policy=greedy --progress=false",
        "True",
        "False",
    ),
]

# No Python examples.
python_examples = []
