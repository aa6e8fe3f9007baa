/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dnn-model.h"

#include "enum-names.h"

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

const std::array<std::pair<LayerFusion, const char*>, 3> LAYER_FUSION_NAMES{{
    {LayerFusion::NONE, "none"},
    {LayerFusion::EPILOGUE, "epilogue"},
    {LayerFusion::ELIDED, "elided"},
}};

} // namespace

std::string
LayerKindToString(LayerKind kind)
{
    return r3d::NameOf(LAYER_KIND_NAMES, kind);
}

bool
LayerKindFromString(const std::string& name, LayerKind& kind)
{
    return r3d::ValueOf(LAYER_KIND_NAMES, name, kind);
}

std::string
LayerFusionToString(LayerFusion fusion)
{
    return r3d::NameOf(LAYER_FUSION_NAMES, fusion);
}

bool
LayerFusionFromString(const std::string& name, LayerFusion& fusion)
{
    return r3d::ValueOf(LAYER_FUSION_NAMES, name, fusion);
}

bool
IsMacLayer(LayerKind kind)
{
    return kind == LayerKind::CONV || kind == LayerKind::DEPTHWISE_CONV || kind == LayerKind::FC ||
           kind == LayerKind::MATMUL;
}

double
DnnModel::GetRequestBytes(bool encoded) const
{
    return encoded ? encodedInputBytes : inputBytes;
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

uint32_t
DnnModel::GetKernelCount(bool fused) const
{
    uint32_t kernels = 0;
    for (const DnnLayer& l : layers)
    {
        kernels += (!fused || l.fusion == LayerFusion::NONE) ? 1 : 0;
    }
    return kernels;
}

} // namespace ns3
