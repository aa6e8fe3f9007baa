/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_WIRED_TRANSFER_ENERGY_H
#define R3D_WIRED_TRANSFER_ENERGY_H

#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Energy of moving bytes over wired links: every frame a watched
 *        device finishes transmitting costs EnergyPerBit per bit, charged
 *        to an account (in MecTopologyHelper: a server node index).
 *
 * The figure is an average attribution, not a marginal power: Aslan,
 * Mayers, Koomey and France, "Electricity Intensity of Internet Data
 * Transmission", Journal of Industrial Ecology 22(4), 2018, give 0.06
 * kWh/GB for 2015 (core and fixed-line access networks; end devices and
 * data centres excluded) = 2.16e-4 J/byte = 27 nJ/bit, the default; their
 * intensity halved about every two years since 2000, so a later year is
 * lower (e.g. 27 / 2^5 = 0.84 nJ/bit for 2025). Average attribution is
 * used because the cost should charge a policy for the bytes its
 * decisions move; a network's power barely changes with one transfer
 * (Guennebaud and Bugeau, Journal of Industrial Ecology 28(4), 2024), so
 * set EnergyPerBit to 0 to model that view.
 *
 * The energy is charged per link crossed (per frame transmission), so a
 * transfer over two hops costs twice. Frames are counted at the device's
 * "PhyTxEnd" trace (point-to-point and CSMA devices have it), headers
 * included: the bytes that occupy the wire. It is not drawn from an ns-3
 * EnergySource: a per-frame source update would add two scheduler events
 * per frame for a figure that is a sum of bytes.
 */
class WiredTransferEnergy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WiredTransferEnergy();

    /**
     * \brief Count the frames a device transmits, charged to an account.
     * \param device a device with a "PhyTxEnd" trace source
     * \param account the account (index; accounts are created as needed)
     * \throws std::invalid_argument if the device has no PhyTxEnd trace
     */
    void Install(Ptr<NetDevice> device, uint32_t account);

    /**
     * \param account an account
     * \return bytes transmitted on its devices so far (0 for an unknown account)
     */
    uint64_t GetBytes(uint32_t account) const;

    /**
     * \param account an account
     * \return energy of those bytes, J = 8 GetBytes x EnergyPerBit
     */
    double GetEnergy(uint32_t account) const;

    /** \return energy of every account's bytes, J */
    double GetTotalEnergy() const;

    /** \return EnergyPerBit, J/bit */
    double GetEnergyPerBit() const;

  private:
    /**
     * \param account the account charged
     * \param packet the frame transmitted
     */
    void FrameSent(uint32_t account, Ptr<const Packet> packet);

    double m_energyPerBit;         //!< EnergyPerBit attribute, J/bit
    std::vector<uint64_t> m_bytes; //!< per account
    uint64_t m_total{0};           //!< all accounts
};

} // namespace ns3

#endif /* R3D_WIRED_TRANSFER_ENERGY_H */
