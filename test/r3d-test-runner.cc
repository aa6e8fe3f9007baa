/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Standalone builds only: runs the module's ns-3 TestSuites with ns-3's own
// TestRunner (same options as ns-3's test-runner: --suite=NAME, --list,
// --verbose, ...). In-tree, ns-3's test-runner and test.py play this part.

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
