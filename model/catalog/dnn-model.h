/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DNN_MODEL_H
#define R3D_DNN_MODEL_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What a layer computes; decides which compute efficiency applies.
 */
enum class LayerKind
{
    CONV,           //!< dense or grouped convolution (BN folded, activation fused)
    DEPTHWISE_CONV, //!< depthwise convolution (groups == channels)
    FC,             //!< fully connected / linear
    MATMUL,         //!< activation-by-activation product (attention)
    POOL,           //!< pooling
    ELTWISE,        //!< element-wise operation (residual add, scale, activation)
    SOFTMAX,        //!< softmax
    LAYERNORM,      //!< layer normalization
    EMBEDDING,      //!< table lookup
    UPSAMPLE,       //!< nearest / bilinear upsampling
    CONCAT          //!< concatenation
};

/**
 * \brief Catalog name of a layer kind ("conv", "depthwise-conv", …).
 * \param kind the kind
 * \return its name
 */
std::string LayerKindToString(LayerKind kind);

/**
 * \brief Parse a layer kind name.
 * \param name the catalog name
 * \param[out] kind the parsed kind, set only on success
 * \return true if the name is known
 */
bool LayerKindFromString(const std::string& name, LayerKind& kind);

/**
 * \brief Whether a kind's FLOPs are multiply-accumulates (conv, fc, matmul),
 *        i.e. the layers that published GMAC counts include.
 * \param kind the kind
 * \return true for conv, depthwise-conv, fc and matmul
 */
bool IsMacLayer(LayerKind kind);

/**
 * \ingroup r3d
 * \brief One layer of a DNN at batch 1. Bytes are at fp32 (4 bytes per
 *        element); other precisions scale them by their element size.
 */
struct DnnLayer
{
    std::string name;                //!< layer name
    LayerKind kind{LayerKind::CONV}; //!< what it computes
    double flops{0};                 //!< FLOPs (2 per MAC) at batch 1
    double weightBytes{0};           //!< parameter bytes held in memory
    double weightBytesRead{0}; //!< parameter bytes read per inference (embeddings read only rows)
    double inputBytes{0};      //!< input activation bytes at batch 1
    double outputBytes{0};     //!< output activation bytes at batch 1
};

/**
 * \ingroup r3d
 * \brief A DNN model of the model catalog: its layers and its request and
 *        result sizes on the wire.
 */
struct DnnModel
{
    std::string name;             //!< catalog name, e.g. "resnet50"
    std::string family;           //!< "classification", "detection" or "nlp"
    std::string input;            //!< human-readable input description
    double inputBytes{0};         //!< request payload on the wire, bytes
    double resultBytes{0};        //!< result payload on the wire, bytes
    std::vector<DnnLayer> layers; //!< layers in execution order

    /** \return total FLOPs at batch 1 */
    double GetFlops() const;
    /** \return total multiply-accumulates of conv, fc and matmul layers */
    double GetMacs() const;
    /** \return total parameter bytes at fp32 (the model's memory footprint) */
    double GetWeightBytes() const;
    /** \return number of parameters */
    double GetParameters() const;
};

} // namespace ns3

#endif /* R3D_DNN_MODEL_H */
