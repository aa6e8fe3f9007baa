/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the workload readers, InferenceWorkload::ParseModels (the
// --models list) and InferenceWorkload::LoadTrace (the --trace CSV). Input:
// the first line is the model list; if it parses, its names are the
// scenario's models, else "a" and "b" are; the rest is the trace file, read
// for the client on "device-0" with "device-0" and "device-1" as the
// scenario's devices (none, i.e. not checked, if the list starts with '!').
// std::invalid_argument is the readers' documented answer to bad input;
// anything else (another exception, an abort, NS_ASSERT, a sanitizer
// report, a hang) is a finding.

#include "fuzz-input-file.h"

#include "ns3/inference-workload.h"

#include <cstdlib>
#include <iostream>

/**
 * \brief libFuzzer's entry point.
 * \param data the input: a model list line, then a trace file
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t eol = input.find('\n');
    std::string spec = input.substr(0, eol);
    const std::string trace = eol == std::string::npos ? "" : input.substr(eol + 1);
    std::vector<std::string> knownNodes = {"device-0", "device-1"};
    if (!spec.empty() && spec[0] == '!')
    {
        knownNodes.clear();
        spec.erase(0, 1);
    }

    std::vector<std::string> names = {"a", "b"};
    try
    {
        const auto models = InferenceWorkload::ParseModels(spec, MilliSeconds(100));
        names = InferenceWorkload::Names(models);
        for (const WorkloadModel& m : models)
        {
            if (!m.deadline.IsStrictlyPositive())
            {
                std::cerr << "r3d-fuzz-workload-trace: model '" << m.name
                          << "' parsed with a deadline that is not positive" << std::endl;
                std::abort();
            }
        }
    }
    catch (const std::invalid_argument&)
    {
    }

    const std::string& path =
        r3dfuzz::WriteInputFile(reinterpret_cast<const uint8_t*>(trace.data()),
                                trace.size(),
                                ".csv");
    try
    {
        const auto arrivals = InferenceWorkload::LoadTrace(path, names, "device-0", knownNodes);
        for (std::size_t i = 0; i < arrivals.size(); ++i)
        {
            if (arrivals[i].model >= names.size() || arrivals[i].at.IsStrictlyNegative() ||
                (i > 0 && arrivals[i].at < arrivals[i - 1].at))
            {
                std::cerr << "r3d-fuzz-workload-trace: arrival " << i
                          << " has a bad model index or time" << std::endl;
                std::abort();
            }
        }
    }
    catch (const std::invalid_argument&)
    {
    }
    return 0;
}
