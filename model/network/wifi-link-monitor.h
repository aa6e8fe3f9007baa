/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_WIFI_LINK_MONITOR_H
#define R3D_WIFI_LINK_MONITOR_H

#include "ns3/callback.h"
#include "ns3/mac48-address.h"
#include "ns3/object.h"
#include "ns3/phy-entity.h"
#include "ns3/ptr.h"
#include "ns3/traced-value.h"
#include "ns3/wifi-tx-vector.h"

#include <vector>

namespace ns3
{

class Node;
class Packet;
class WifiNetDevice;

/**
 * \ingroup r3d
 * \brief What a Wi-Fi station sees of the link to its access point: the
 *        received signal strength and the PHY rate the AP uses towards it.
 *
 * Attached to a station's WifiNetDevice, the monitor listens to the PHY's
 * MonitorSnifferRx trace (frames received without error) and keeps, for the
 * frames transmitted by the AP the station is associated with (MAC header
 * Addr2 equal to the station's BSSID; frames without a transmitter address,
 * ACK and CTS, are skipped):
 * - an exponentially weighted moving average of the signal in dBm,
 *   s <- (1 - a) s + a x, where a is the Smoothing attribute (the first
 *   frame sets s = x);
 * - the data rate of the last data frame the AP sent to this station, from
 *   the frame's TXVECTOR (WifiMode::GetDataRate).
 *
 * Before association nothing is recorded (the BSSID is not known yet).
 * MecTopologyHelper installs one on every IoT device and aggregates it to
 * the node, so applications find it with node->GetObject<WifiLinkMonitor>().
 */
class WifiLinkMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WifiLinkMonitor();
    ~WifiLinkMonitor() override;

    /**
     * \brief Follow a station's link to its AP (connects to the PHY's
     *        MonitorSnifferRx trace).
     * \param sta a WifiNetDevice whose MAC is a StaWifiMac
     */
    void Attach(Ptr<WifiNetDevice> sta);

    /** \return the averaged signal of the AP's frames, dBm (NaN before the first one) */
    double GetSignalDbm() const;

    /**
     * \return the data rate of the last data frame from the AP to this
     *         station, Mb/s (NaN before the first one)
     */
    double GetPhyRateMbps() const;

    /** \return the number of frames from the AP averaged into the signal */
    uint64_t GetFramesSeen() const;

    /** \return true while the station is associated with an access point */
    bool IsAssociated() const;

    /**
     * \brief Call \p linkUp once the station is associated: at once if it
     *        is (or no station is attached), else when it next associates
     *        (StaWifiMac's Assoc trace). Each callback is called once.
     *        Applications use it to open their first connection after the
     *        link is up, as a device's network stack would.
     * \param linkUp the callback
     */
    void CallWhenAssociated(Callback<void> linkUp);

    /**
     * \brief CallWhenAssociated on \p node's monitor; at once on a node
     *        without one (no Wi-Fi station: an edge or the cloud).
     * \param node the node
     * \param linkUp the callback
     */
    static void CallWhenLinkUp(Ptr<Node> node, Callback<void> linkUp);

  private:
    void DoDispose() override;

    /**
     * \brief MonitorSnifferRx sink.
     * \param packet the MPDU (with an A-MPDU subframe header if aggregated)
     * \param channelFreqMhz the channel frequency
     * \param txVector the TXVECTOR of the PPDU
     * \param aMpdu the MPDU's place in an A-MPDU
     * \param signalNoise signal and noise power, dBm
     * \param staId the station id (for MU PPDUs)
     */
    void SnifferRx(Ptr<const Packet> packet,
                   uint16_t channelFreqMhz,
                   WifiTxVector txVector,
                   MpduInfo aMpdu,
                   SignalNoiseDbm signalNoise,
                   uint16_t staId);

    /// StaWifiMac Assoc sink: runs the callbacks waiting for the link.
    void Associated(Mac48Address bssid);

    Ptr<WifiNetDevice> m_sta;                     //!< the station followed
    std::vector<Callback<void>> m_waitingForLink; //!< CallWhenAssociated callbacks
    double m_smoothing;                           //!< Smoothing attribute
    TracedValue<double> m_signalDbm;              //!< averaged signal, dBm
    TracedValue<double> m_phyRateMbps;            //!< last data rate, Mb/s
    uint64_t m_framesSeen{0};                     //!< frames averaged
};

} // namespace ns3

#endif /* R3D_WIFI_LINK_MONITOR_H */
