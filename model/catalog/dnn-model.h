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
 * \brief What a runtime with graph fusion does with a layer (the model
 *        generator decides it from the architecture; see doc/r3d.rst,
 *        "Kernel fusion").
 */
enum class LayerFusion
{
    NONE,     //!< the layer is a kernel of its own
    EPILOGUE, //!< an element-wise layer run as the epilogue of the kernel before it
    ELIDED    //!< a concatenation whose inputs are written in place: no kernel, no traffic
};

/**
 * \brief Catalog name of a layer fusion ("none", "epilogue", "elided").
 * \param fusion the fusion
 * \return its name
 */
std::string LayerFusionToString(LayerFusion fusion);

/**
 * \brief Parse a layer fusion name.
 * \param name "none", "epilogue" or "elided"
 * \param[out] fusion the parsed fusion, set only on success
 * \return true if the name is known
 */
bool LayerFusionFromString(const std::string& name, LayerFusion& fusion);

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
    LayerFusion fusion{LayerFusion::NONE}; //!< what a fusing runtime does with the layer
    std::string fusedInto;                 //!< for EPILOGUE: the layer whose kernel runs it
    double fusionSavedBytes{0}; //!< activation bytes at batch 1 (fp32) a fusing runtime saves
    bool winograd{false};       //!< a 3x3 stride-1 dense conv a Winograd runtime transforms
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
    double inputBytes{0};         //!< the raw input tensor (uint8 image, token ids), bytes
    double encodedInputBytes{0};  //!< what a client sends: JPEG for images (measured, see the
                                  //!< catalog's encodedInputSource), else the raw tensor, bytes
    double resultBytes{0};        //!< result payload on the wire, bytes
    std::vector<DnnLayer> layers; //!< layers in execution order

    /**
     * \param encoded whether requests carry the encoded input (a JPEG for
     *        vision models) or the raw tensor
     * \return the request payload, bytes
     */
    double GetRequestBytes(bool encoded) const;

    /** \return total FLOPs at batch 1 */
    double GetFlops() const;
    /** \return total multiply-accumulates of conv, fc and matmul layers */
    double GetMacs() const;
    /** \return total parameter bytes at fp32 (the model's memory footprint) */
    double GetWeightBytes() const;
    /** \return number of parameters */
    double GetParameters() const;

    /**
     * \brief Kernels a runtime launches for one inference.
     * \param fused true for a runtime with epilogue fusion (layers marked
     *        EPILOGUE or ELIDED launch nothing), false for one that runs
     *        every layer as a kernel
     * \return the number of kernels
     */
    uint32_t GetKernelCount(bool fused) const;
};

} // namespace ns3

#endif /* R3D_DNN_MODEL_H */
