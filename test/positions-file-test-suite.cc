/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The positions file (ReadPositionsFile) and MecTopologyHelper's
// PositionsFile attribute: both header forms, the projection against
// hand-computed distances, every error with its file:line and field, and
// topologies whose devices join their nearest edge.

#include "r3d-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ipv4.h"
#include "ns3/mec-topology-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/positions-file.h"
#include "ns3/random-walk-2d-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/ssid.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-net-device.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \param name file name (unique in the suite)
 * \param contents the file's text
 * \param nDevices devices of the scenario
 * \param nEdges edges of the scenario
 * \return the positions read
 */
NodePositions
ReadText(const std::string& name,
         const std::string& contents,
         uint32_t nDevices = 8,
         uint32_t nEdges = 2)
{
    const std::string path = r3dtest::WriteTempFile(name, contents);
    NodePositions positions = ReadPositionsFile(path, nDevices, nEdges);
    std::remove(path.c_str());
    return positions;
}

/**
 * \param path a file
 * \param nDevices devices of the scenario
 * \param nEdges edges of the scenario
 * \return the message ReadPositionsFile throws, "" if it does not throw
 */
std::string
ErrorOf(const std::string& path, uint32_t nDevices = 8, uint32_t nEdges = 2)
{
    try
    {
        ReadPositionsFile(path, nDevices, nEdges);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/**
 * \param edges edges
 * \param devices devices
 * \param positionsFile the PositionsFile attribute
 * \return a helper with these values, names not registered
 */
Ptr<MecTopologyHelper>
MakeHelper(uint32_t edges, uint32_t devices, const std::string& positionsFile)
{
    Ptr<MecTopologyHelper> helper = CreateObject<MecTopologyHelper>();
    helper->SetAttribute("NEdges", UintegerValue(edges));
    helper->SetAttribute("NDevices", UintegerValue(devices));
    helper->SetAttribute("RegisterNames", BooleanValue(false));
    helper->SetAttribute("PositionsFile", StringValue(positionsFile));
    return helper;
}

/**
 * \param t a topology
 * \param i a device
 * \return its position now
 */
Vector
PositionOf(const MecTopology& t, uint32_t i)
{
    return t.devices.Get(i)->GetObject<MobilityModel>()->GetPosition();
}

/**
 * \brief Run a build with std::cerr captured.
 * \param helper the helper
 * \param[out] errors what Build wrote to std::cerr
 * \return the topology
 */
MecTopology
BuildCapturingErrors(Ptr<MecTopologyHelper> helper, std::string& errors)
{
    std::ostringstream captured;
    std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
    try
    {
        MecTopology t = helper->Build();
        std::cerr.rdbuf(old);
        errors = captured.str();
        return t;
    }
    catch (...)
    {
        std::cerr.rdbuf(old);
        throw;
    }
}

/**
 * \return the Wi-Fi range with ns-3.37's defaults, worked out by hand: the
 *         log-distance loss 46.6777 + 30 log10(d) dB from 16.0206 dBm down
 *         to the -82 dBm MinimumRssi of the preamble detection model.
 */
double
DefaultRangeM()
{
    return std::pow(10.0, (16.0206 - 46.6777 + 82) / 30);
}

/**
 * \ingroup r3d-tests
 * Both header forms: metres as given; degrees projected, against the
 * distance R Δφ of 0.001° of latitude (111.195 m), the same east-west at the
 * equator and, halved by cos 60°, at 60° N, and across the antimeridian.
 * Comments, blank lines, blanks around fields, CRLF and the cloud's row.
 */
class ParseTestCase : public TestCase
{
  public:
    ParseTestCase()
        : TestCase("both header forms, projection, comments, CRLF")
    {
    }

  private:
    void DoRun() override
    {
        NodePositions m = ReadText("metres.csv",
                                   "# sites of the test\r\n"
                                   "\r\n"
                                   "node,x_m,y_m\r\n"
                                   "edge-1, 400, -30.5\r\n"
                                   "  # a device\r\n"
                                   "device-3,12.5,+7\r\n"
                                   "device-7,-1e3,0\r\n"
                                   "cloud,5,5\r\n");
        NS_TEST_ASSERT_MSG_EQ(m.geographic, false, "metres");
        NS_TEST_ASSERT_MSG_EQ(m.devices.size(), 8, "one entry per device");
        NS_TEST_ASSERT_MSG_EQ(m.edges.size(), 2, "one entry per edge");
        NS_TEST_ASSERT_MSG_EQ(m.GetNListedDevices(), 2, "two devices listed");
        NS_TEST_ASSERT_MSG_EQ(m.GetNListedEdges(), 1, "one edge listed (the cloud ignored)");
        NS_TEST_ASSERT_MSG_EQ(m.edges[0].has_value(), false, "edge-0 not listed");
        NS_TEST_ASSERT_MSG_EQ(m.edges[1]->x, 400, "edge-1 x");
        NS_TEST_ASSERT_MSG_EQ(m.edges[1]->y, -30.5, "edge-1 y");
        NS_TEST_ASSERT_MSG_EQ(m.devices[3]->x, 12.5, "device-3 x");
        NS_TEST_ASSERT_MSG_EQ(m.devices[3]->y, 7, "device-3 y");
        NS_TEST_ASSERT_MSG_EQ(m.devices[3]->z, 0, "z = 0");
        NS_TEST_ASSERT_MSG_EQ(m.devices[7]->x, -1000, "device-7 x");
        NS_TEST_ASSERT_MSG_EQ(m.devices[0].has_value(), false, "device-0 not listed");

        NodePositions h = ReadText("header-only.csv", "node,lat,lon\n");
        NS_TEST_ASSERT_MSG_EQ(h.GetNListedDevices() + h.GetNListedEdges(), 0, "nothing listed");

        // 0.001 degree of latitude: R * 0.001 * pi / 180 = 111.1951 m.
        const double step = kPositionsEarthRadiusM * 0.001 * M_PI / 180;
        NS_TEST_ASSERT_MSG_EQ_TOL(step, 111.195, 0.01, "hand value of 0.001 degree");
        NodePositions d = ReadText("degrees.csv",
                                   "node,lat,lon\n"
                                   "device-0,48.8500,2.3500\n"
                                   "device-1,48.8510,2.3500\n"
                                   "cloud,0,0\n");
        NS_TEST_ASSERT_MSG_EQ(d.geographic, true, "degrees");
        NS_TEST_ASSERT_MSG_EQ_TOL(d.originLatDeg, 48.8505, 1e-9, "origin: mean latitude");
        NS_TEST_ASSERT_MSG_EQ_TOL(d.originLonDeg, 2.35, 1e-9, "origin: mean longitude");
        NS_TEST_ASSERT_MSG_EQ_TOL(CalculateDistance(*d.devices[0], *d.devices[1]),
                                  111.195,
                                  0.01,
                                  "0.001 degree of latitude");
        NS_TEST_ASSERT_MSG_EQ_TOL(d.devices[0]->y, -step / 2, 1e-9, "south of the origin");
        NS_TEST_ASSERT_MSG_EQ_TOL(d.devices[0]->x, 0, 1e-9, "on the origin's meridian");

        NodePositions e = ReadText("equator.csv",
                                   "node,lat,lon\n"
                                   "edge-0,0,10.0000\n"
                                   "edge-1,0,10.0010\n");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.edges[1]->x - e.edges[0]->x, 111.195, 0.01, "east at 0 N");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.edges[0]->y, 0, 1e-9, "on the equator");

        NodePositions n = ReadText("sixty.csv",
                                   "node,lat,lon\n"
                                   "device-0,60,-0.001\n"
                                   "device-1,60,0.001\n");
        NS_TEST_ASSERT_MSG_EQ_TOL(n.devices[1]->x - n.devices[0]->x,
                                  111.195,
                                  0.01,
                                  "0.002 degree east at 60 N (cos 60 = 1/2)");

        NodePositions a = ReadText("antimeridian.csv",
                                   "node,lat,lon\n"
                                   "device-0,0,179.9995\n"
                                   "device-1,0,-179.9995\n");
        NS_TEST_ASSERT_MSG_EQ_TOL(a.devices[1]->x - a.devices[0]->x,
                                  111.195,
                                  0.01,
                                  "0.001 degree across the antimeridian");
        NS_TEST_ASSERT_MSG_EQ_TOL(std::abs(a.originLonDeg),
                                  180,
                                  1e-9,
                                  "origin on the antimeridian");
    }
};

/**
 * \ingroup r3d-tests
 * Every error: the message starts with "<path>:<line>: " and names the
 * field and the value.
 */
class ErrorsTestCase : public TestCase
{
  public:
    ErrorsTestCase()
        : TestCase("every error names the file, the line and the field")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(ErrorOf("/nonexistent/positions.csv"),
                              "/nonexistent/positions.csv: cannot open the positions file: no "
                              "such file",
                              "missing file");
        const std::string dir = std::filesystem::temp_directory_path().string();
        NS_TEST_ASSERT_MSG_EQ(ErrorOf(dir),
                              dir + ": cannot open the positions file: is a directory, not a file",
                              "a directory");

        struct Case
        {
            std::string contents; //!< the file
            uint32_t line;        //!< line the error names
            std::string expected; //!< text the message must hold after "<path>:<line>: "
        };

        const std::vector<Case> cases{
            {"", 1, "empty file: expected the header 'node,x_m,y_m' (metres) or 'node,lat,lon'"},
            {"# only a comment\n\n", 2, "no header line (only comments and blank lines)"},
            {"node,x,y\ndevice-0,1,2\n",
             1,
             "unknown header 'node,x,y': expected the header 'node,x_m,y_m' (metres) or "
             "'node,lat,lon' (WGS84 degrees)"},
            {"node,x_m,y_m\ndevice-0,1\n", 2, "expected 3 fields (node,x_m,y_m), found 2"},
            {"node,x_m,y_m\ndevice-0,1,2,3\n", 2, "expected 3 fields (node,x_m,y_m), found 4"},
            {"node,x_m,y_m\ndevice-0,abc,2\n", 2, "field 'x_m': 'abc' is not a finite number"},
            {"node,x_m,y_m\ndevice-0,1,nan\n", 2, "field 'y_m': 'nan' is not a finite number"},
            {"node,x_m,y_m\ndevice-0,inf,1\n", 2, "field 'x_m': 'inf' is not a finite number"},
            {"node,x_m,y_m\ndevice-0,1e999,1\n", 2, "field 'x_m': '1e999' is not a finite number"},
            {"node,x_m,y_m\ndevice-0,,1\n", 2, "field 'x_m': '' is not a finite number"},
            {"node,x_m,y_m\ndevice-0,1 m,1\n", 2, "field 'x_m': '1 m' is not a finite number"},
            {"node,lat,lon\n# c\ndevice-0,91,0\n",
             3,
             "field 'lat': 91 is outside [-90, 90] degrees"},
            {"node,lat,lon\ndevice-0,0,-180.5\n",
             2,
             "field 'lon': -180.5 is outside [-180, 180] degrees"},
            {"node,x_m,y_m\ndevice-0,0,1000001\n",
             2,
             "field 'y_m': 1000001 m is beyond 1000000 m (|x| and |y| must be at most 1000000 m)"},
            {"node,x_m,y_m\ndevice-0,-2e6,0\n", 2, "field 'x_m': -2e6 m is beyond 1000000 m"},
            {"node,lat,lon\ndevice-0,0,0\ndevice-1,20,0\n",
             2,
             "fields 'lat','lon': 'device-0' projects to (0, -1111950.802) m from the mean of the "
             "listed points, beyond 1000000 m"},
            {"node,x_m,y_m\ndevice-8,0,0\n",
             2,
             "field 'node': 'device-8' is not a node of the scenario (device-0 .. device-7, "
             "edge-0 .. edge-1, cloud)"},
            {"node,x_m,y_m\nedge-2,0,0\n",
             2,
             "field 'node': 'edge-2' is not a node of the scenario"},
            {"node,x_m,y_m\ndevice-01,0,0\n",
             2,
             "field 'node': 'device-01' is not a node of the scenario"},
            {"node,x_m,y_m\nap-0,0,0\n", 2, "field 'node': 'ap-0' is not a node of the scenario"},
            {"node,x_m,y_m\ndevice-1,0,0\n\ndevice-1,5,5\n",
             4,
             "field 'node': 'device-1' is listed twice (first at line 2)"},
            {"node,x_m,y_m\r\ncloud,0,0\r\ncloud,1,1\r\n",
             3,
             "field 'node': 'cloud' is listed twice (first at line 2)"},
        };
        for (uint32_t c = 0; c < cases.size(); ++c)
        {
            const std::string path =
                r3dtest::WriteTempFile("bad-" + std::to_string(c) + ".csv", cases[c].contents);
            const std::string message = ErrorOf(path);
            std::remove(path.c_str());
            const std::string where = path + ":" + std::to_string(cases[c].line) + ": ";
            NS_TEST_EXPECT_MSG_EQ(message.substr(0, where.size()),
                                  where,
                                  "case " << c << ": file and line in '" << message << "'");
            NS_TEST_EXPECT_MSG_NE(message.find(cases[c].expected),
                                  std::string::npos,
                                  "case " << c << ": '" << message << "' should hold '"
                                          << cases[c].expected << "'");
        }
    }
};

/**
 * \ingroup r3d-tests
 * A topology with a positions file: listed devices stand where the file
 * puts them and join their nearest edge (device-0 would be at site 0 by
 * i % 2, but is 11 m from edge-1), a tie goes to the lower edge, unlisted
 * devices keep site i % 2 and a random position in its disc, AssignStreams
 * leaves listed devices where they are, addresses follow the sites, and a
 * listed device beyond the Wi-Fi range (500 m) is warned about by name,
 * distance and edge.
 */
class NearestEdgeTestCase : public TestCase
{
  public:
    NearestEdgeTestCase()
        : TestCase("devices join the AP of their nearest edge")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = r3dtest::WriteTempFile("nearest.csv",
                                                        "node,x_m,y_m\n"
                                                        "device-0,990,5\n"
                                                        "device-1,10,0\n"
                                                        "device-3,500,0\n"
                                                        "cloud,0,0\n");
        std::string errors;
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 5, path);
        MecTopology t = BuildCapturingErrors(helper, errors);
        helper->AssignStreams(t, 7);
        std::remove(path.c_str());

        const std::vector<uint32_t> sites{1, 0, 0, 0, 0, 0, 1, MecTopology::NO_SITE};
        for (uint32_t i = 0; i < sites.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(t.siteOf[i], sites[i], "site of node " << i);
        }
        const std::vector<bool> fromFile{true, true, false, true, false};
        for (uint32_t i = 0; i < 5; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(t.positionFromFile[i], fromFile[i], "from file: " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(PositionOf(t, 0), Vector(990, 5, 0), "device-0 as listed");
        NS_TEST_ASSERT_MSG_EQ(PositionOf(t, 1), Vector(10, 0, 0), "device-1 as listed");
        NS_TEST_ASSERT_MSG_EQ(PositionOf(t, 3), Vector(500, 0, 0), "device-3 as listed");
        for (uint32_t i : {2U, 4U})
        {
            NS_TEST_ASSERT_MSG_LT_OR_EQ(CalculateDistance(PositionOf(t, i), Vector(0, 0, 0)),
                                        10,
                                        "device-" << i << " in site 0's disc");
        }
        NS_TEST_ASSERT_MSG_EQ(t.edges.Get(1)->GetObject<MobilityModel>()->GetPosition(),
                              Vector(1000, 0, 0),
                              "edge-1 not listed: on the line");
        auto ssid = [&t](uint32_t i) {
            return DynamicCast<WifiNetDevice>(t.staDevices.Get(i))->GetMac()->GetSsid();
        };
        NS_TEST_ASSERT_MSG_EQ(ssid(0).IsEqual(Ssid("r3d-site-1")), true, "device-0 at site 1");
        NS_TEST_ASSERT_MSG_EQ(ssid(1).IsEqual(Ssid("r3d-site-0")), true, "device-1 at site 0");
        NS_TEST_ASSERT_MSG_EQ(ssid(3).IsEqual(Ssid("r3d-site-0")), true, "device-3: tie, site 0");
        // Addresses: each site's stations in index order after the AP.
        const std::vector<std::string> addresses{"10.1.0.2",
                                                 "10.0.0.2",
                                                 "10.0.0.3",
                                                 "10.0.0.4",
                                                 "10.0.0.5"};
        for (uint32_t i = 0; i < 5; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(t.serviceAddress[i],
                                  Ipv4Address(addresses[i].c_str()),
                                  "address of device-" << i);
        }

        NS_TEST_ASSERT_MSG_EQ_TOL(t.wifiRange, DefaultRangeM(), 1e-3, "51.46 m");
        NS_TEST_ASSERT_MSG_NE(errors.find("device-3"), std::string::npos, "warned: " << errors);
        NS_TEST_ASSERT_MSG_NE(errors.find("is 500.0 m from the access point of its nearest "
                                          "edge, edge-0, beyond the Wi-Fi range of 51.5 m"),
                              std::string::npos,
                              "distance, edge and range: " << errors);
        NS_TEST_ASSERT_MSG_EQ(errors.find("device-0"), std::string::npos, "11 m is in range");
        NS_TEST_ASSERT_MSG_EQ(errors.find("device-1"), std::string::npos, "10 m is in range");

        // Without a file: site i % 2, no warning, every position drawn.
        Simulator::Destroy();
        std::string none;
        MecTopology plain = BuildCapturingErrors(MakeHelper(2, 5, ""), none);
        for (uint32_t i = 0; i < 5; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(plain.siteOf[i], i % 2, "without a file, site i % 2");
            NS_TEST_ASSERT_MSG_EQ(plain.positionFromFile[i], false, "without a file, drawn");
        }
        NS_TEST_ASSERT_MSG_EQ(none, "", "no warning without a file");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * Edges listed in the file move, with their disc: device-0 (250 m north)
 * joins edge-1, moved to (0, 300); unlisted device-3 (site 1) is drawn in
 * the disc around the moved edge. In degrees, the same rule on the
 * projected plane. Random-walk devices start at their listed position.
 */
class ListedEdgesTestCase : public TestCase
{
  public:
    ListedEdgesTestCase()
        : TestCase("listed edges move, with their site's disc; random walk")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = r3dtest::WriteTempFile("edges.csv",
                                                        "node,x_m,y_m\n"
                                                        "edge-1,0,300\n"
                                                        "device-0,0,250\n"
                                                        "device-1,0,100\n");
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 4, path);
        std::string errors;
        MecTopology t = BuildCapturingErrors(helper, errors);
        helper->AssignStreams(t, 3);
        NS_TEST_ASSERT_MSG_EQ(t.edges.Get(0)->GetObject<MobilityModel>()->GetPosition(),
                              Vector(0, 0, 0),
                              "edge-0 not listed");
        NS_TEST_ASSERT_MSG_EQ(t.edges.Get(1)->GetObject<MobilityModel>()->GetPosition(),
                              Vector(0, 300, 0),
                              "edge-1 as listed");
        NS_TEST_ASSERT_MSG_EQ(t.siteOf[0], 1, "device-0: 50 m from edge-1, 250 from edge-0");
        NS_TEST_ASSERT_MSG_EQ(t.siteOf[1], 0, "device-1: 100 m from edge-0, 200 from edge-1");
        NS_TEST_ASSERT_MSG_EQ(t.siteOf[3], 1, "device-3 unlisted: 3 % 2");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(CalculateDistance(PositionOf(t, 3), Vector(0, 300, 0)),
                                    10,
                                    "device-3 in the disc of the moved edge");
        NS_TEST_ASSERT_MSG_NE(errors.find("device-1 (PositionsFile " + path + ") is 100.0 m"),
                              std::string::npos,
                              "device-1 beyond range: " << errors);
        NS_TEST_ASSERT_MSG_EQ(errors.find("device-0"), std::string::npos, "50 m is in range");
        Simulator::Destroy();

        // Random walk: listed devices start where listed, in a square around it.
        helper = MakeHelper(2, 4, path);
        helper->SetAttribute("Mobility", StringValue("random-walk"));
        MecTopology walk = BuildCapturingErrors(helper, errors);
        helper->AssignStreams(walk, 3);
        std::remove(path.c_str());
        NS_TEST_ASSERT_MSG_NE(walk.devices.Get(0)->GetObject<RandomWalk2dMobilityModel>(),
                              nullptr,
                              "a random walk");
        NS_TEST_ASSERT_MSG_EQ(PositionOf(walk, 0), Vector(0, 250, 0), "starts where listed");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        const Vector p = PositionOf(walk, 0);
        NS_TEST_ASSERT_MSG_EQ((std::abs(p.x) <= 10 && std::abs(p.y - 250) <= 10),
                              true,
                              "walks in the square of side 2 Radius around it");
        Simulator::Destroy();

        // Degrees: the two edges 0.009 degree apart (1000.8 m) along a
        // meridian; a device 0.001 degree from edge-1 joins it.
        const std::string geo = r3dtest::WriteTempFile("geo.csv",
                                                       "node,lat,lon\n"
                                                       "edge-0,45.000,7.0\n"
                                                       "edge-1,45.009,7.0\n"
                                                       "device-0,45.008,7.0\n");
        MecTopology g = BuildCapturingErrors(MakeHelper(2, 2, geo), errors);
        std::remove(geo.c_str());
        NS_TEST_ASSERT_MSG_EQ(g.siteOf[0], 1, "nearest edge in degrees");
        const Vector e0 = g.edges.Get(0)->GetObject<MobilityModel>()->GetPosition();
        const Vector e1 = g.edges.Get(1)->GetObject<MobilityModel>()->GetPosition();
        NS_TEST_ASSERT_MSG_EQ_TOL(CalculateDistance(e0, e1), 9 * 111.1951, 0.01, "0.009 degree");
        NS_TEST_ASSERT_MSG_EQ_TOL(CalculateDistance(PositionOf(g, 0), e1), 111.195, 0.01, "0.001");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The range figure against ns-3 itself: a station 5 % inside
 * MecTopology::wifiRange associates within 2 s, one 5 % beyond does not.
 */
class RangeTestCase : public TestCase
{
  public:
    RangeTestCase()
        : TestCase("stations inside the Wi-Fi range associate, beyond it not")
    {
    }

  private:
    void DoRun() override
    {
        const double range = DefaultRangeM();
        std::ostringstream file;
        file << "node,x_m,y_m\ndevice-0," << 0.95 * range << ",0\ndevice-1,0," << 1.05 * range
             << "\n";
        const std::string path = r3dtest::WriteTempFile("range.csv", file.str());
        std::string errors;
        Ptr<MecTopologyHelper> helper = MakeHelper(1, 2, path);
        MecTopology t = BuildCapturingErrors(helper, errors);
        helper->AssignStreams(t, 1);
        std::remove(path.c_str());
        NS_TEST_ASSERT_MSG_EQ(errors.find("device-0"), std::string::npos, "device-0 in range");
        NS_TEST_ASSERT_MSG_NE(errors.find("device-1"), std::string::npos, "device-1 warned");
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        auto associated = [&t](uint32_t i) {
            return DynamicCast<StaWifiMac>(
                       DynamicCast<WifiNetDevice>(t.staDevices.Get(i))->GetMac())
                ->IsAssociated();
        };
        NS_TEST_ASSERT_MSG_EQ(associated(0), true, "0.95 x range: associated");
        NS_TEST_ASSERT_MSG_EQ(associated(1), false, "1.05 x range: not associated");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * A bad file fails Build before anything is created, naming the attribute.
 */
class BadAttributeTestCase : public TestCase
{
  public:
    BadAttributeTestCase()
        : TestCase("a bad PositionsFile fails Build, naming the attribute")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path =
            r3dtest::WriteTempFile("bad-attribute.csv", "node,x_m,y_m\ndevice-2,0,0\n");
        std::string message;
        try
        {
            MakeHelper(1, 2, path)->Build();
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        std::remove(path.c_str());
        NS_TEST_ASSERT_MSG_EQ(message,
                              "MecTopologyHelper: attribute PositionsFile: " + path +
                                  ":2: field 'node': 'device-2' is not a node of the scenario "
                                  "(device-0 .. device-1, edge-0, cloud)",
                              "message");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The positions file suite.
 */
class PositionsFileTestSuite : public TestSuite
{
  public:
    PositionsFileTestSuite()
        : TestSuite("r3d-positions-file", UNIT)
    {
        AddTestCase(new ParseTestCase, TestCase::QUICK);
        AddTestCase(new ErrorsTestCase, TestCase::QUICK);
        AddTestCase(new NearestEdgeTestCase, TestCase::QUICK);
        AddTestCase(new ListedEdgesTestCase, TestCase::QUICK);
        AddTestCase(new RangeTestCase, TestCase::QUICK);
        AddTestCase(new BadAttributeTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static PositionsFileTestSuite g_positionsFileTestSuite;

} // namespace
