/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "csv-fields.h"

#include "ns3/input-file.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace ns3
{
namespace r3d
{

std::string
TrimBlanks(const std::string& text)
{
    const std::string::size_type first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
    {
        return "";
    }
    const std::string::size_type last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::vector<std::string>
SplitCsvFields(const std::string& line)
{
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    while (true)
    {
        const std::string::size_type comma = line.find(',', start);
        fields.push_back(TrimBlanks(line.substr(start, comma - start)));
        if (comma == std::string::npos)
        {
            return fields;
        }
        start = comma + 1;
    }
}

bool
ParseFiniteField(const std::string& text, double& value)
{
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (begin != end && *begin == '+')
    {
        ++begin; // from_chars takes '-' but not '+'
    }
    double parsed = 0;
    const std::from_chars_result r = std::from_chars(begin, end, parsed);
    if (begin == end || r.ec != std::errc() || r.ptr != end || !std::isfinite(parsed))
    {
        return false;
    }
    value = parsed;
    return true;
}

namespace
{

/// The decimal index of "device-12" (no sign, no leading zeros), below size.
bool
ParseIndex(const std::string& text, uint32_t size, uint32_t& index)
{
    uint32_t parsed = 0;
    const std::from_chars_result r =
        std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() ||
        std::to_string(parsed) != text || parsed >= size)
    {
        return false;
    }
    index = parsed;
    return true;
}

} // namespace

bool
ParseNodeName(const std::string& name, uint32_t nDevices, uint32_t nEdges, uint32_t& index)
{
    uint32_t k = 0;
    if (name == "cloud")
    {
        index = nDevices + nEdges;
        return true;
    }
    if (name.rfind("device-", 0) == 0 && ParseIndex(name.substr(7), nDevices, k))
    {
        index = k;
        return true;
    }
    if (name.rfind("edge-", 0) == 0 && ParseIndex(name.substr(5), nEdges, k))
    {
        index = nDevices + k;
        return true;
    }
    return false;
}

std::string
NodeNamesText(uint32_t nDevices, uint32_t nEdges)
{
    auto range = [](const std::string& prefix, uint32_t n) {
        return n == 0   ? "no " + prefix + "s"
               : n == 1 ? prefix + "-0"
                        : prefix + "-0 .. " + prefix + "-" + std::to_string(n - 1);
    };
    return range("device", nDevices) + ", " + range("edge", nEdges) + ", cloud";
}

std::vector<std::pair<uint32_t, std::string>>
ReadCsvLines(const std::string& path, const std::string& what)
{
    const std::string problem = InputFileProblem(path);
    if (!problem.empty())
    {
        throw std::invalid_argument(path + ": cannot open the " + what + ": " + problem);
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<std::pair<uint32_t, std::string>> lines;
    std::string text;
    uint32_t number = 0;
    while (std::getline(in, text))
    {
        ++number;
        if (number == 1 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        {
            text.erase(0, 3); // a UTF-8 byte order mark
        }
        if (!text.empty() && text.back() == '\r')
        {
            text.pop_back();
        }
        const std::string line = TrimBlanks(text);
        if (!line.empty() && line[0] != '#')
        {
            lines.emplace_back(number, line);
        }
    }
    return lines;
}

} // namespace r3d
} // namespace ns3
