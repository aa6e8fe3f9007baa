/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "positions-file.h"

#include "csv-fields.h"

#include "ns3/input-file.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

/// The headers a positions file may start with.
const char* const HEADER_METRES = "node,x_m,y_m";
/// The headers a positions file may start with (WGS84 degrees).
const char* const HEADER_DEGREES = "node,lat,lon";

/**
 * \param x a number
 * \return it as text, shortest form that reads back
 */
std::string
ToText(double x)
{
    std::ostringstream os;
    os.precision(10);
    os << x;
    return os.str();
}

/// One row of the file, before projection.
struct Row
{
    uint32_t line;    //!< line number (1-based)
    std::string node; //!< node name as written
    bool isDevice;    //!< a device (else an edge); the cloud is not kept
    uint32_t index;   //!< device or edge index
    double a;         //!< x_m or lat
    double b;         //!< y_m or lon
};

} // namespace

uint32_t
NodePositions::GetNListedDevices() const
{
    uint32_t n = 0;
    for (const std::optional<Vector>& p : devices)
    {
        n += p.has_value() ? 1 : 0;
    }
    return n;
}

uint32_t
NodePositions::GetNListedEdges() const
{
    uint32_t n = 0;
    for (const std::optional<Vector>& p : edges)
    {
        n += p.has_value() ? 1 : 0;
    }
    return n;
}

Vector
ProjectEquirectangular(double latDeg, double lonDeg, double originLatDeg, double originLonDeg)
{
    const double toRadians = M_PI / 180;
    double dLon = lonDeg - originLonDeg;
    // The short way round, across the antimeridian if need be.
    dLon = dLon - 360 * std::floor((dLon + 180) / 360);
    const double x = kPositionsEarthRadiusM * dLon * toRadians * std::cos(originLatDeg * toRadians);
    const double y = kPositionsEarthRadiusM * (latDeg - originLatDeg) * toRadians;
    return Vector(x, y, 0);
}

NodePositions
ReadPositionsFile(const std::string& path, uint32_t nDevices, uint32_t nEdges)
{
    const std::string problem = r3d::InputFileProblem(path);
    if (!problem.empty())
    {
        throw std::invalid_argument(path + ": cannot open the positions file: " + problem);
    }
    std::ifstream in(path, std::ios::binary);
    auto fail = [&path](uint32_t line, const std::string& what) {
        throw std::invalid_argument(path + ":" + std::to_string(line) + ": " + what);
    };
    const std::string expected = std::string("expected the header '") + HEADER_METRES +
                                 "' (metres) or '" + HEADER_DEGREES + "' (WGS84 degrees)";
    const std::string known = r3d::NodeNamesText(nDevices, nEdges);

    NodePositions positions;
    positions.file = path;
    positions.devices.resize(nDevices);
    positions.edges.resize(nEdges);
    std::vector<std::string> columns;          // from the header
    std::map<std::string, uint32_t> firstLine; // node name -> line it was listed at
    std::vector<Row> rows;
    std::string text;
    uint32_t lineNumber = 0;
    while (std::getline(in, text))
    {
        ++lineNumber;
        if (lineNumber == 1 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        {
            text.erase(0, 3); // a UTF-8 byte order mark
        }
        if (!text.empty() && text.back() == '\r')
        {
            text.pop_back();
        }
        const std::string line = r3d::TrimBlanks(text);
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        std::vector<std::string> fields = r3d::SplitCsvFields(line);
        if (columns.empty())
        {
            if (line != HEADER_METRES && line != HEADER_DEGREES)
            {
                // Blanks around the commas are accepted in the header too.
                std::string joined;
                for (const std::string& f : fields)
                {
                    joined += (joined.empty() ? "" : ",") + f;
                }
                if (joined != HEADER_METRES && joined != HEADER_DEGREES)
                {
                    fail(lineNumber, "unknown header '" + line + "': " + expected);
                }
            }
            columns = fields;
            positions.geographic = columns[1] == "lat";
            continue;
        }
        if (fields.size() != columns.size())
        {
            fail(lineNumber,
                 "expected " + std::to_string(columns.size()) + " fields (" + columns[0] + "," +
                     columns[1] + "," + columns[2] + "), found " + std::to_string(fields.size()));
        }
        Row row{lineNumber, fields[0], false, 0, 0, 0};
        const std::string& node = fields[0];
        uint32_t nodeIndex = 0;
        const bool isKnown = r3d::ParseNodeName(node, nDevices, nEdges, nodeIndex);
        const bool isCloud = isKnown && nodeIndex == nDevices + nEdges;
        row.isDevice = isKnown && nodeIndex < nDevices;
        row.index = row.isDevice ? nodeIndex : nodeIndex - nDevices;
        if (!isKnown)
        {
            fail(lineNumber,
                 "field 'node': '" + node + "' is not a node of the scenario (" + known + ")");
        }
        auto [it, inserted] = firstLine.emplace(node, lineNumber);
        if (!inserted)
        {
            fail(lineNumber,
                 "field 'node': '" + node + "' is listed twice (first at line " +
                     std::to_string(it->second) + ")");
        }
        for (int c = 1; c <= 2; ++c)
        {
            double& value = c == 1 ? row.a : row.b;
            if (!r3d::ParseFiniteField(fields[c], value))
            {
                fail(lineNumber,
                     "field '" + columns[c] + "': '" + fields[c] + "' is not a finite number");
            }
            if (positions.geographic)
            {
                const double limit = c == 1 ? 90 : 180;
                if (!(value >= -limit && value <= limit))
                {
                    fail(lineNumber,
                         "field '" + columns[c] + "': " + fields[c] + " is outside [" +
                             ToText(-limit) + ", " + ToText(limit) + "] degrees");
                }
            }
            else if (std::abs(value) > kPositionsMaxCoordinateM)
            {
                fail(lineNumber,
                     "field '" + columns[c] + "': " + fields[c] + " m is beyond " +
                         ToText(kPositionsMaxCoordinateM) + " m (|x| and |y| must be at most " +
                         ToText(kPositionsMaxCoordinateM) + " m)");
            }
        }
        if (!isCloud)
        {
            rows.push_back(row);
        }
    }
    if (columns.empty())
    {
        fail(std::max<uint32_t>(lineNumber, 1),
             lineNumber == 0 ? "empty file: " + expected
                             : "no header line (only comments and blank lines): " + expected);
    }

    if (positions.geographic && !rows.empty())
    {
        // Origin: mean latitude, circular mean longitude (right across the
        // antimeridian).
        double lat = 0;
        double east = 0;
        double north = 0;
        for (const Row& r : rows)
        {
            lat += r.a;
            east += std::cos(r.b * M_PI / 180);
            north += std::sin(r.b * M_PI / 180);
        }
        positions.originLatDeg = lat / rows.size();
        positions.originLonDeg = std::atan2(north, east) * 180 / M_PI;
    }
    for (const Row& r : rows)
    {
        Vector p(r.a, r.b, 0);
        if (positions.geographic)
        {
            p = ProjectEquirectangular(r.a, r.b, positions.originLatDeg, positions.originLonDeg);
            if (std::abs(p.x) > kPositionsMaxCoordinateM ||
                std::abs(p.y) > kPositionsMaxCoordinateM)
            {
                fail(r.line,
                     "fields 'lat','lon': '" + r.node + "' projects to (" + ToText(p.x) + ", " +
                         ToText(p.y) + ") m from the mean of the listed points, beyond " +
                         ToText(kPositionsMaxCoordinateM) +
                         " m: the local-plane projection is meant for areas of a few km");
            }
        }
        (r.isDevice ? positions.devices : positions.edges)[r.index] = p;
    }
    return positions;
}

} // namespace ns3
