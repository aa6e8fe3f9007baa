/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PRECISION_H
#define R3D_PRECISION_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Numeric precision a DNN runs at on a device.
 *
 * Precision changes the device's peak throughput (per the catalog) and the
 * bytes every weight and activation occupies.
 */
enum class Precision
{
    FP32, //!< 32-bit floating point, 4 bytes per element
    FP16, //!< 16-bit floating point, 2 bytes per element
    INT8  //!< 8-bit integer, 1 byte per element
};

/**
 * \brief Catalog name of a precision ("fp32", "fp16", "int8").
 * \param precision the precision
 * \return its name
 */
std::string PrecisionToString(Precision precision);

/**
 * \brief Parse a precision name.
 * \param name "fp32", "fp16" or "int8"
 * \param[out] precision the parsed precision, set only on success
 * \return true if the name is known
 */
bool PrecisionFromString(const std::string& name, Precision& precision);

/**
 * \brief Bytes per weight or activation element.
 * \param precision the precision
 * \return 4, 2 or 1
 */
uint32_t BytesPerElement(Precision precision);

/**
 * \brief All precisions, in catalog order.
 * \return fp32, fp16, int8
 */
const std::vector<Precision>& AllPrecisions();

} // namespace ns3

#endif /* R3D_PRECISION_H */
