/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-model.h"

#include <array>
#include <utility>

namespace ns3
{

namespace
{

const std::array<std::pair<LayerKind, const char*>, 11> LAYER_KIND_NAMES{{
    {LayerKind::CONV, "conv"},
    {LayerKind::DEPTHWISE_CONV, "depthwise-conv"},
    {LayerKind::FC, "fc"},
    {LayerKind::MATMUL, "matmul"},
    {LayerKind::POOL, "pool"},
    {LayerKind::ELTWISE, "eltwise"},
    {LayerKind::SOFTMAX, "softmax"},
    {LayerKind::LAYERNORM, "layernorm"},
    {LayerKind::EMBEDDING, "embedding"},
    {LayerKind::UPSAMPLE, "upsample"},
    {LayerKind::CONCAT, "concat"},
}};

} // namespace

std::string
LayerKindToString(LayerKind kind)
{
    for (const auto& [k, name] : LAYER_KIND_NAMES)
    {
        if (k == kind)
        {
            return name;
        }
    }
    return "unknown";
}

bool
LayerKindFromString(const std::string& name, LayerKind& kind)
{
    for (const auto& [k, n] : LAYER_KIND_NAMES)
    {
        if (name == n)
        {
            kind = k;
            return true;
        }
    }
    return false;
}

bool
IsMacLayer(LayerKind kind)
{
    return kind == LayerKind::CONV || kind == LayerKind::DEPTHWISE_CONV || kind == LayerKind::FC ||
           kind == LayerKind::MATMUL;
}

double
DnnModel::GetFlops() const
{
    double total = 0;
    for (const DnnLayer& l : layers)
    {
        total += l.flops;
    }
    return total;
}

double
DnnModel::GetMacs() const
{
    double total = 0;
    for (const DnnLayer& l : layers)
    {
        if (IsMacLayer(l.kind))
        {
            total += l.flops / 2;
        }
    }
    return total;
}

double
DnnModel::GetWeightBytes() const
{
    double total = 0;
    for (const DnnLayer& l : layers)
    {
        total += l.weightBytes;
    }
    return total;
}

double
DnnModel::GetParameters() const
{
    return GetWeightBytes() / 4;
}

} // namespace ns3
