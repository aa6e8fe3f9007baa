/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_NODE_ENERGY_H
#define R3D_MEC_NODE_ENERGY_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The energy one server node has drawn so far, by component, J.
 *
 * Dynamic energy is what the node's work caused, above what it would have
 * drawn idle over the same time: the decisions of a deployment policy
 * (where requests run, what is loaded, what moves) change it; the idle
 * part they cannot change.
 */
struct MecNodeEnergy
{
    double compute{0};      //!< ComputeEnergyModel, idle included
    double computeIdle{0};  //!< its idle part (idle power x time)
    double loading{0};      //!< ModelLoadingEnergyModel (all dynamic: above idle)
    double radio{0};        //!< WifiRadioEnergyModel, idle included (0 off devices)
    double radioIdle{0};    //!< its idle part (IdleCurrentA x supply voltage x time)
    double wired{0};        //!< WiredTransferEnergy charged to the node (all dynamic)
    uint64_t wiredBytes{0}; //!< bytes charged to the node on wired links

    /** \return compute + loading + radio + wired, J */
    double Total() const;
    /** \return idle part: computeIdle + radioIdle, J */
    double Idle() const;
    /** \return Total() - Idle(), J */
    double Dynamic() const;
};

} // namespace ns3

#endif /* R3D_MEC_NODE_ENERGY_H */
