/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "wifi-link-monitor.h"

#include "ns3/abort.h"
#include "ns3/ampdu-subframe-header.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/sta-wifi-mac.h"
#include "ns3/wifi-mac-header.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WifiLinkMonitor");

NS_OBJECT_ENSURE_REGISTERED(WifiLinkMonitor);

TypeId
WifiLinkMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::WifiLinkMonitor")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<WifiLinkMonitor>()
            .AddAttribute("Smoothing",
                          "Weight of a new frame in the moving average of the signal, in "
                          "[0, 1] (1 = last frame only; 0 = first frame only).",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&WifiLinkMonitor::m_smoothing),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("SignalDbm",
                            "Averaged signal of the frames from the AP, dBm.",
                            MakeTraceSourceAccessor(&WifiLinkMonitor::m_signalDbm),
                            "ns3::TracedValueCallback::Double")
            .AddTraceSource("PhyRateMbps",
                            "Data rate of the last data frame from the AP to the station, Mb/s.",
                            MakeTraceSourceAccessor(&WifiLinkMonitor::m_phyRateMbps),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

WifiLinkMonitor::WifiLinkMonitor()
    : m_smoothing(0.2),
      m_signalDbm(std::numeric_limits<double>::quiet_NaN()),
      m_phyRateMbps(std::numeric_limits<double>::quiet_NaN())
{
    NS_LOG_FUNCTION(this);
}

WifiLinkMonitor::~WifiLinkMonitor()
{
    NS_LOG_FUNCTION(this);
}

void
WifiLinkMonitor::DoDispose()
{
    m_sta = nullptr;
    m_waitingForLink.clear();
    Object::DoDispose();
}

void
WifiLinkMonitor::Attach(Ptr<WifiNetDevice> sta)
{
    NS_LOG_FUNCTION(this << sta);
    NS_ABORT_MSG_IF(!sta, "WifiLinkMonitor::Attach: null device");
    NS_ABORT_MSG_IF(m_sta, "WifiLinkMonitor::Attach: the monitor follows a station already");
    NS_ABORT_MSG_IF(!DynamicCast<StaWifiMac>(sta->GetMac()),
                    "WifiLinkMonitor::Attach: the device of node "
                        << sta->GetNode()->GetId() << " is not a Wi-Fi station (no StaWifiMac)");
    m_sta = sta;
    sta->GetPhy()->TraceConnectWithoutContext("MonitorSnifferRx",
                                              MakeCallback(&WifiLinkMonitor::SnifferRx, this));
    sta->GetMac()->TraceConnectWithoutContext("Assoc",
                                              MakeCallback(&WifiLinkMonitor::Associated, this));
}

bool
WifiLinkMonitor::IsAssociated() const
{
    return m_sta && DynamicCast<StaWifiMac>(m_sta->GetMac())->IsAssociated();
}

void
WifiLinkMonitor::CallWhenAssociated(Callback<void> linkUp)
{
    if (!m_sta || IsAssociated())
    {
        linkUp();
        return;
    }
    m_waitingForLink.push_back(linkUp);
}

void
WifiLinkMonitor::CallWhenLinkUp(Ptr<Node> node, Callback<void> linkUp)
{
    Ptr<WifiLinkMonitor> wifi = node->GetObject<WifiLinkMonitor>();
    if (wifi)
    {
        wifi->CallWhenAssociated(linkUp);
    }
    else
    {
        linkUp();
    }
}

void
WifiLinkMonitor::Associated(Mac48Address bssid)
{
    NS_LOG_FUNCTION(this << bssid);
    // Moved out first: a callback may ask to be called again.
    std::vector<Callback<void>> waiting;
    waiting.swap(m_waitingForLink);
    for (auto& linkUp : waiting)
    {
        linkUp();
    }
}

void
WifiLinkMonitor::SnifferRx(Ptr<const Packet> packet,
                           uint16_t /* channelFreqMhz */,
                           WifiTxVector txVector,
                           MpduInfo aMpdu,
                           SignalNoiseDbm signalNoise,
                           uint16_t /* staId */)
{
    Ptr<StaWifiMac> mac = DynamicCast<StaWifiMac>(m_sta->GetMac());
    if (!mac->IsAssociated())
    {
        return; // the AP is not known yet
    }
    // Header peeked from a copy: the sniffer's packet is shared with the PHY.
    Ptr<Packet> copy = packet->Copy();
    if (aMpdu.type != NORMAL_MPDU)
    {
        AmpduSubframeHeader subframe;
        copy->RemoveHeader(subframe);
    }
    WifiMacHeader header;
    if (copy->PeekHeader(header) == 0 || header.IsAck() || header.IsCts())
    {
        return; // no transmitter address
    }
    if (header.GetAddr2() != mac->GetBssid(0))
    {
        return;
    }
    ++m_framesSeen;
    double previous = m_signalDbm;
    m_signalDbm = m_framesSeen == 1
                      ? signalNoise.signal
                      : (1 - m_smoothing) * previous + m_smoothing * signalNoise.signal;
    // Frames to other stations of the BSS carry their rates, not ours.
    if (header.IsData() && header.GetAddr1() == mac->GetAddress())
    {
        m_phyRateMbps = txVector.GetMode().GetDataRate(txVector) / 1e6;
    }
    NS_LOG_LOGIC("frame from " << header.GetAddr2() << " at " << signalNoise.signal
                               << " dBm; average " << m_signalDbm << " dBm");
}

double
WifiLinkMonitor::GetSignalDbm() const
{
    return m_signalDbm;
}

double
WifiLinkMonitor::GetPhyRateMbps() const
{
    return m_phyRateMbps;
}

uint64_t
WifiLinkMonitor::GetFramesSeen() const
{
    return m_framesSeen;
}

} // namespace ns3
