/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "wired-transfer-energy.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WiredTransferEnergy");

NS_OBJECT_ENSURE_REGISTERED(WiredTransferEnergy);

TypeId
WiredTransferEnergy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::WiredTransferEnergy")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<WiredTransferEnergy>()
            .AddAttribute("EnergyPerBit",
                          "Energy of one bit transmitted over one wired link, J/bit (default "
                          "27 nJ/bit: 0.06 kWh/GB, Aslan et al. 2018, for 2015; 0 models the "
                          "network's power as independent of the traffic).",
                          DoubleValue(27e-9),
                          MakeDoubleAccessor(&WiredTransferEnergy::m_energyPerBit),
                          MakeDoubleChecker<double>(0, 1e-3));
    return tid;
}

WiredTransferEnergy::WiredTransferEnergy()
    : m_energyPerBit(27e-9)
{
}

void
WiredTransferEnergy::Install(Ptr<NetDevice> device, uint32_t account)
{
    NS_LOG_FUNCTION(this << device << account);
    if (account >= m_bytes.size())
    {
        m_bytes.resize(account + 1, 0);
    }
    if (!device->TraceConnectWithoutContext(
            "PhyTxEnd",
            MakeCallback(&WiredTransferEnergy::FrameSent, this).Bind(account)))
    {
        throw std::invalid_argument("WiredTransferEnergy: device " +
                                    device->GetInstanceTypeId().GetName() +
                                    " has no PhyTxEnd trace source");
    }
}

void
WiredTransferEnergy::FrameSent(uint32_t account, Ptr<const Packet> packet)
{
    const uint32_t size = packet->GetSize();
    m_bytes[account] += size;
    m_total += size;
}

uint64_t
WiredTransferEnergy::GetBytes(uint32_t account) const
{
    return account < m_bytes.size() ? m_bytes[account] : 0;
}

double
WiredTransferEnergy::GetEnergy(uint32_t account) const
{
    return 8.0 * GetBytes(account) * m_energyPerBit;
}

double
WiredTransferEnergy::GetTotalEnergy() const
{
    return 8.0 * m_total * m_energyPerBit;
}

double
WiredTransferEnergy::GetEnergyPerBit() const
{
    return m_energyPerBit;
}

} // namespace ns3
