/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "program-support.h"

#include "option-values.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <unistd.h>

namespace ns3
{
namespace r3d
{

int
RunProgram(const std::string& name, int (*body)(int, char**), int argc, char** argv)
{
    try
    {
        // ns-3's attribute arguments before ns-3 parses them (it aborts on
        // several malformed values).
        CheckAttributeArguments(argc, argv);
        return body(argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << name << ": error: " << e.what() << "\n";
        return 1;
    }
}

void
RequireWritable(const std::vector<std::pair<std::string, std::string>>& files)
{
    for (const auto& [option, path] : files)
    {
        const std::string problem = path.empty() ? "" : OutputFileProblem(path);
        if (!problem.empty())
        {
            throw std::invalid_argument(option + ": cannot write '" + path + "': " + problem);
        }
    }
}

double
RoundSignificant(double value)
{
    if (value == 0)
    {
        return 0;
    }
    double scale = std::pow(10.0, 3 - std::floor(std::log10(std::abs(value))));
    return std::round(value * scale) / scale;
}

} // namespace r3d
} // namespace ns3
