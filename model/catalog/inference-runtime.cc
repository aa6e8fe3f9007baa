/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-runtime.h"

#include "enum-names.h"

namespace ns3
{

const InferenceRuntime&
LegacyRuntime()
{
    static const InferenceRuntime legacy{
        "default",
        "the device's efficiencies without a named runtime",
        KernelFusion::NONE,
        true,
        false,
        KernelOverheadMode::ADDITIVE,
        "the Roofline model before runtimes: no fusion, additive per-layer overhead"};
    return legacy;
}

namespace
{

const std::array<std::pair<KernelFusion, const char*>, 2> KERNEL_FUSION_NAMES{{
    {KernelFusion::NONE, "none"},
    {KernelFusion::EPILOGUE, "epilogue"},
}};

const std::array<std::pair<KernelOverheadMode, const char*>, 2> OVERHEAD_MODE_NAMES{{
    {KernelOverheadMode::ADDITIVE, "additive"},
    {KernelOverheadMode::MINIMUM, "minimum"},
}};

} // namespace

std::string
KernelFusionToString(KernelFusion fusion)
{
    return r3d::NameOf(KERNEL_FUSION_NAMES, fusion);
}

bool
KernelFusionFromString(const std::string& name, KernelFusion& fusion)
{
    return r3d::ValueOf(KERNEL_FUSION_NAMES, name, fusion);
}

std::string
KernelOverheadModeToString(KernelOverheadMode mode)
{
    return r3d::NameOf(OVERHEAD_MODE_NAMES, mode);
}

bool
KernelOverheadModeFromString(const std::string& name, KernelOverheadMode& mode)
{
    return r3d::ValueOf(OVERHEAD_MODE_NAMES, name, mode);
}

} // namespace ns3
