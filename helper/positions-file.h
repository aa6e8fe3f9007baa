/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_POSITIONS_FILE_H
#define R3D_POSITIONS_FILE_H

#include "ns3/vector.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Mean Earth radius (IUGG), m: the radius of the sphere the
 *        positions file's latitudes and longitudes are projected from.
 */
constexpr double kPositionsEarthRadiusM = 6371008.8;

/**
 * \ingroup r3d
 * \brief Largest |x| or |y| a positions file may give or project to, m
 *        (1000 km: a MEC deployment is a few km across).
 */
constexpr double kPositionsMaxCoordinateM = 1e6;

/**
 * \ingroup r3d
 * \brief Node positions read from a positions file (ReadPositionsFile): for
 *        each device and each edge of the scenario, its position on the
 *        local plane if the file lists it.
 */
struct NodePositions
{
    std::string file; //!< the file read
    /// Whether the file gave WGS84 latitudes and longitudes (header
    /// node,lat,lon) rather than metres (node,x_m,y_m).
    bool geographic{false};
    /// Projection origin, degrees: the mean latitude of the listed points
    /// (cloud excluded); 0 when not geographic.
    double originLatDeg{0};
    /// Projection origin, degrees: the circular mean longitude of the listed
    /// points (cloud excluded); 0 when not geographic.
    double originLonDeg{0};
    /// Per device index: the position, m (x, y on the local plane, z = 0),
    /// or nothing if the file does not list the device.
    std::vector<std::optional<Vector>> devices;
    /// Per edge index: the position, m (z = 0), or nothing if not listed.
    std::vector<std::optional<Vector>> edges;

    /** \return the number of devices the file lists */
    uint32_t GetNListedDevices() const;
    /** \return the number of edges the file lists */
    uint32_t GetNListedEdges() const;
};

/**
 * \ingroup r3d
 * \brief Project a WGS84 point onto the local plane around an origin with
 *        the equirectangular projection on a sphere of radius
 *        kPositionsEarthRadiusM: x = R Δλ cos φ0 (east), y = R Δφ (north),
 *        angles in radians, Δλ wrapped to [-180°, 180°). Against the
 *        great-circle distance, a distance d between points within Δφ of the
 *        origin's latitude is off by about d Δφ tan φ0 (cos φ is taken at
 *        φ0 only) plus a term of order d (d/R)^2: 0.016 % (16 cm over 1 km)
 *        for points up to 1 km north or south of the origin at 45°, less
 *        than the sphere's own departure
 *        from the WGS84 ellipsoid (up to 0.5 %), and negligible beside
 *        Wi-Fi ranges of tens of metres over a few km.
 * \param latDeg latitude, degrees in [-90, 90]
 * \param lonDeg longitude, degrees in [-180, 180]
 * \param originLatDeg latitude of the plane's origin, degrees
 * \param originLonDeg longitude of the plane's origin, degrees
 * \return the point on the plane, m (z = 0)
 */
Vector ProjectEquirectangular(double latDeg,
                              double lonDeg,
                              double originLatDeg,
                              double originLonDeg);

/**
 * \ingroup r3d
 * \brief Read a positions file: CSV, UTF-8 or ASCII, with a header line.
 *
 * The header is either \c node,x_m,y_m (metres on the scenario's plane) or
 * \c node,lat,lon (WGS84 degrees, projected with ProjectEquirectangular
 * around the mean of the listed points, the cloud's excluded). Each row
 * names a node: \c device-I (0 <= I < nDevices), \c edge-K
 * (0 <= K < nEdges) or \c cloud (allowed, checked, and ignored: the cloud
 * has no radio); a node may be listed at most once and need not be listed
 * at all. Lines whose first non-blank character is '#' and blank lines are
 * skipped; fields may be padded with blanks; CRLF line ends are accepted.
 *
 * \param path the file
 * \param nDevices the scenario's number of devices
 * \param nEdges the scenario's number of edges
 * \return the positions, devices and edges sized nDevices and nEdges
 * \throws std::invalid_argument "PATH:LINE: PROBLEM" naming the field
 *         for an unreadable path ("PATH: cannot open the positions file:
 *         ..."), an empty file, an unknown header, a row with a wrong number
 *         of fields, a coordinate that is not a finite number, a latitude
 *         outside [-90, 90] or longitude outside [-180, 180], |x| or |y|
 *         above kPositionsMaxCoordinateM (given, or projected), a node name
 *         that is not a node of the scenario, or a node listed twice
 */
NodePositions ReadPositionsFile(const std::string& path, uint32_t nDevices, uint32_t nEdges);

} // namespace ns3

#endif /* R3D_POSITIONS_FILE_H */
