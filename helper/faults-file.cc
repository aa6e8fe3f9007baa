/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "faults-file.h"

#include "csv-fields.h"
#include "option-values.h"

#include <stdexcept>

namespace ns3
{

std::vector<MecFaultEvent>
ReadFaultsFile(const std::string& path, uint32_t nDevices, uint32_t nEdges)
{
    const char* const header = "time_s,action,target";
    const std::vector<std::pair<uint32_t, std::string>> lines =
        r3d::ReadCsvLines(path, "faults file");
    auto fail = [&path](uint32_t line, const std::string& what) {
        throw std::invalid_argument(path + ":" + std::to_string(line) + ": " + what);
    };
    if (lines.empty())
    {
        throw std::invalid_argument(path + ": no header line: expected '" + header + "'");
    }
    std::string joined;
    for (const std::string& f : r3d::SplitCsvFields(lines.front().second))
    {
        joined += (joined.empty() ? "" : ",") + f;
    }
    if (joined != header)
    {
        fail(lines.front().first,
             "unknown header '" + lines.front().second + "': expected '" + header + "'");
    }
    std::vector<MecFaultEvent> events;
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        const auto& [number, line] = lines[i];
        const std::vector<std::string> fields = r3d::SplitCsvFields(line);
        if (fields.size() != 3)
        {
            fail(number,
                 "expected 3 fields (time_s,action,target), found " +
                     std::to_string(fields.size()));
        }
        MecFaultEvent e;
        e.line = number;
        if (!r3d::ParseFiniteField(fields[0], e.time) || e.time < 0 ||
            e.time > r3d::kMaxOptionSeconds)
        {
            fail(number, "field 'time_s': '" + fields[0] + "' is not a time from 0 to 1e9 s");
        }
        if (!events.empty() && e.time < events.back().time)
        {
            fail(number,
                 "field 'time_s': " + fields[0] + " s is before the previous row's time (rows " +
                     "must be in time order)");
        }
        const std::string& action = fields[1];
        if (action == "down")
        {
            e.action = MecFaultEvent::DOWN;
        }
        else if (action == "up")
        {
            e.action = MecFaultEvent::UP;
        }
        else if (action == "away")
        {
            e.action = MecFaultEvent::AWAY;
        }
        else if (action == "back")
        {
            e.action = MecFaultEvent::BACK;
        }
        else if (action.rfind("loss=", 0) == 0)
        {
            e.action = MecFaultEvent::LOSS;
            if (!r3d::ParseFiniteField(action.substr(5), e.lossRate) || e.lossRate < 0 ||
                e.lossRate > 1)
            {
                fail(number,
                     "field 'action': '" + action +
                         "': the loss rate must be a number from 0 to 1");
            }
        }
        else
        {
            fail(number,
                 "field 'action': unknown '" + action +
                     "' (expected down, up, loss=RATE, away or back)");
        }
        e.target = fields[2];
        const bool isLink = e.target.rfind("wan-", 0) == 0 || e.target.rfind("backhaul-", 0) == 0;
        e.isController = e.target == "controller";
        e.isNode = !isLink && !e.isController;
        if (e.isNode && !r3d::ParseNodeName(e.target, nDevices, nEdges, e.nodeIndex))
        {
            fail(number,
                 "field 'target': '" + e.target + "' is neither a node of the scenario (" +
                     r3d::NodeNamesText(nDevices, nEdges) +
                     "), the controller, nor a link (wan-K, backhaul-A-B, "
                     "backhaul-K-aggregation)");
        }
        if (!isLink && e.action == MecFaultEvent::LOSS)
        {
            fail(number,
                 "field 'action': loss is for links (wan-K, backhaul-A-B), not for '" + e.target +
                     "'");
        }
        const bool moves = e.action == MecFaultEvent::AWAY || e.action == MecFaultEvent::BACK;
        if (moves && !(e.isNode && e.nodeIndex < nDevices))
        {
            fail(number,
                 "field 'action': " + action + " is for devices (device-I), not for '" + e.target +
                     "'");
        }
        events.push_back(e);
    }
    return events;
}

} // namespace ns3
