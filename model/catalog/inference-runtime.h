/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_RUNTIME_H
#define R3D_INFERENCE_RUNTIME_H

#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Which layers an inference runtime merges into one kernel beyond the
 *        batch-norm and activation folding every runtime does (see
 *        doc/r3d.rst, "Kernel fusion").
 */
enum class KernelFusion
{
    NONE,    //!< every catalog layer is a kernel of its own (ncnn, TFLite, ...)
    EPILOGUE //!< element-wise epilogues fused, concatenations elided (TensorRT, ...)
};

/**
 * \ingroup r3d
 * \brief How a runtime's fixed per-kernel cost t_k combines with a kernel's
 *        roofline time.
 */
enum class KernelOverheadMode
{
    ADDITIVE, //!< t = max(t_compute, t_memory) + t_k: the host dispatches each
              //!< kernel and waits (CPU runtimes)
    MINIMUM   //!< t = max(t_compute, t_memory, t_k): kernels are queued ahead and
              //!< a kernel lasts at least t_k (GPU runtimes)
};

/**
 * \ingroup r3d
 * \brief An inference runtime as the Roofline model sees it: what it fuses,
 *        which compute units it uses, whether it runs Winograd convolutions
 *        and how its per-kernel cost adds up. Its efficiencies live with the
 *        device class (DeviceProfile::runtimes).
 */
struct InferenceRuntime
{
    std::string name;                        //!< catalog name, e.g. "tensorrt"
    std::string description;                 //!< e.g. "NVIDIA TensorRT"
    KernelFusion fusion{KernelFusion::NONE}; //!< graph fusion it applies
    bool matrixUnits{true};                  //!< uses matrix units (tensor cores)
    bool winograd{false};                    //!< transforms hinted 3x3 convolutions
    KernelOverheadMode overhead{KernelOverheadMode::ADDITIVE}; //!< how t_k adds up
    std::string source;                                        //!< where these properties come from
};

/**
 * \brief The runtime of a device profile built without runtimes (in code, or
 *        from a catalog in the format before runtimes): named "default", no
 *        fusion, peakFlops, no Winograd, additive per-layer overhead -- the
 *        Roofline model as it was before runtimes existed.
 * \return that runtime
 */
const InferenceRuntime& LegacyRuntime();

/**
 * \brief Catalog name of a kernel fusion ("none", "epilogue").
 * \param fusion the fusion
 * \return its name
 */
std::string KernelFusionToString(KernelFusion fusion);

/**
 * \brief Parse a kernel fusion name.
 * \param name "none" or "epilogue"
 * \param[out] fusion the parsed value, set only on success
 * \return true if the name is known
 */
bool KernelFusionFromString(const std::string& name, KernelFusion& fusion);

/**
 * \brief Catalog name of a kernel overhead mode ("additive", "minimum").
 * \param mode the mode
 * \return its name
 */
std::string KernelOverheadModeToString(KernelOverheadMode mode);

/**
 * \brief Parse a kernel overhead mode name.
 * \param name "additive" or "minimum"
 * \param[out] mode the parsed value, set only on success
 * \return true if the name is known
 */
bool KernelOverheadModeFromString(const std::string& name, KernelOverheadMode& mode);

} // namespace ns3

#endif /* R3D_INFERENCE_RUNTIME_H */
