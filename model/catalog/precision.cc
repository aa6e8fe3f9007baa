/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "precision.h"

namespace ns3
{

std::string
PrecisionToString(Precision precision)
{
    switch (precision)
    {
    case Precision::FP32:
        return "fp32";
    case Precision::FP16:
        return "fp16";
    case Precision::INT8:
        return "int8";
    }
    return "unknown";
}

bool
PrecisionFromString(const std::string& name, Precision& precision)
{
    for (Precision p : AllPrecisions())
    {
        if (PrecisionToString(p) == name)
        {
            precision = p;
            return true;
        }
    }
    return false;
}

uint32_t
BytesPerElement(Precision precision)
{
    switch (precision)
    {
    case Precision::FP32:
        return 4;
    case Precision::FP16:
        return 2;
    case Precision::INT8:
        return 1;
    }
    return 4;
}

const std::vector<Precision>&
AllPrecisions()
{
    static const std::vector<Precision> all{Precision::FP32, Precision::FP16, Precision::INT8};
    return all;
}

} // namespace ns3
