/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-connection.h"

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-mode.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecConnection");

NS_OBJECT_ENSURE_REGISTERED(MecConnection);

TypeId
MecConnection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MecConnection")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<MecConnection>()
            .AddAttribute("SegmentSize",
                          "TCP maximum segment size of the connection's socket, bytes. 0 (the "
                          "default): from the path, as TCP's MSS option and path MTU discovery "
                          "settle it: a connecting socket takes the smallest MTU on its route "
                          "to the peer, an accepted one what its listener was opened with, "
                          "less 52 bytes of IPv4, TCP and timestamp headers (1448 on a path "
                          "with a 1500-byte Ethernet or Wi-Fi link, 8948 on a path of 9000-byte "
                          "jumbo-frame links).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MecConnection::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(0, 65495))
            .AddAttribute("BufferSize",
                          "TCP send and receive buffer of the socket, bytes. 0 (the "
                          "default): from the path, as Linux's buffer autotuning settles "
                          "it: a connecting socket gets twice the bandwidth-delay product of "
                          "its route (bottleneck rate x round trip, see Path::GetBufferSize), "
                          "between 256 KiB and 16 MiB; an accepted socket gets 16 MiB, so "
                          "that the connecting peer's receive window, sized for the path, "
                          "is what limits the data in flight. Larger buffers than the path "
                          "needs only queue packets at the bottleneck and make ns-3's TCP "
                          "send path (TcpTxBuffer::NextSeg, linear in the segments in "
                          "flight) the largest cost of a run.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MecConnection::m_bufferSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ConnectTimeout",
                          "Time before a connection attempt's SYN is sent again (ns-3's "
                          "default of 3 s would leave a Wi-Fi station that is not yet "
                          "associated silent for seconds).",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&MecConnection::m_connectTimeout),
                          MakeTimeChecker(MilliSeconds(1)));
    return tid;
}

MecConnection::MecConnection()
{
    NS_LOG_FUNCTION(this);
}

MecConnection::~MecConnection()
{
    NS_LOG_FUNCTION(this);
}

void
MecConnection::DoDispose()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    m_receive = ReceiveCallback();
    m_onConnected = StateCallback();
    m_onClosed = StateCallback();
    m_out.clear();
    Object::DoDispose();
}

namespace
{

/// IPv4 (20), TCP (20) and timestamp option (12) header bytes per segment.
const uint32_t kHeaderBytes = 52;

/**
 * \param address an IPv4 address
 * \return the node that owns it, or nullptr
 */
Ptr<Node>
NodeOfAddress(Ipv4Address address)
{
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<Ipv4> ipv4 = (*it)->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetInterfaceForAddress(address) >= 0)
        {
            return *it;
        }
    }
    return nullptr;
}

/**
 * \param ipv4 a node's IPv4
 * \return the largest MTU of its interfaces but the loopback (1500 if none)
 */
uint16_t
LargestMtu(Ptr<Ipv4> ipv4)
{
    uint16_t mtu = 0;
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        if (ipv4->GetAddress(i, 0).GetLocal() != Ipv4Address::GetLoopback())
        {
            mtu = std::max(mtu, ipv4->GetMtu(i));
        }
    }
    return mtu == 0 ? 1500 : mtu;
}

/**
 * \param device a net device
 * \return its transmission rate in bit/s: the DataRate attribute of a
 *         point-to-point (or CSMA) device, the fastest rate of a Wi-Fi PHY
 *         (its best MCS, channel width and spatial streams, 800 ns guard
 *         interval); 0 if unknown
 */
double
DeviceRate(Ptr<NetDevice> device)
{
    Ptr<WifiNetDevice> wifi = DynamicCast<WifiNetDevice>(device);
    if (wifi && wifi->GetPhy())
    {
        Ptr<WifiPhy> phy = wifi->GetPhy();
        uint64_t best = 0;
        const uint16_t width = phy->GetChannelWidth();
        const uint8_t nss = std::max<uint8_t>(1, phy->GetMaxSupportedTxSpatialStreams());
        for (const auto& modes : {phy->GetModeList(), phy->GetMcsList()})
        {
            for (const WifiMode& mode : modes)
            {
                if (mode.IsAllowed(width, nss))
                {
                    best = std::max(best, mode.GetDataRate(width, 800, nss));
                }
            }
        }
        return static_cast<double>(best);
    }
    struct TypeId::AttributeInformation info;
    if (device->GetInstanceTypeId().LookupAttributeByName("DataRate", &info))
    {
        DataRateValue rate;
        device->GetAttribute("DataRate", rate);
        return static_cast<double>(rate.Get().GetBitRate());
    }
    return 0;
}

/**
 * \param device a net device
 * \return the one-way propagation delay of its channel (the Delay
 *         attribute of a point-to-point or CSMA channel), s; 0 if none
 */
double
ChannelDelay(Ptr<NetDevice> device)
{
    Ptr<Channel> channel = device->GetChannel();
    struct TypeId::AttributeInformation info;
    if (channel && channel->GetInstanceTypeId().LookupAttributeByName("Delay", &info))
    {
        TimeValue delay;
        channel->GetAttribute("Delay", delay);
        return delay.Get().GetSeconds();
    }
    return 0;
}

} // namespace

MecConnection::Path
MecConnection::GetPath(Ptr<Node> node, Ipv4Address peer)
{
    // Walk the route hop by hop through each node's routing table, as path
    // MTU discovery would find it: the interfaces packets leave by, and the
    // peer's own interface.
    Path path;
    path.mtu = std::numeric_limits<uint16_t>::max();
    path.rate = std::numeric_limits<double>::infinity();
    Ptr<Node> hop = node;
    for (uint32_t hops = 0; hop && hops < 64; ++hops)
    {
        Ptr<Ipv4> ipv4 = hop->GetObject<Ipv4>();
        if (!ipv4)
        {
            break;
        }
        int32_t own = ipv4->GetInterfaceForAddress(peer);
        if (own >= 0)
        {
            // The peer's node delivers locally, whichever of its interfaces
            // owns the address (on the connecting node itself the loopback
            // carries it, which limits nothing).
            path.mtu = hop == node ? LargestMtu(ipv4) : path.mtu;
            path.known = true;
            break;
        }
        Ptr<Ipv4RoutingProtocol> routing = ipv4->GetRoutingProtocol();
        if (!routing)
        {
            break;
        }
        Ipv4Header header;
        header.SetDestination(peer);
        Socket::SocketErrno error;
        Ptr<Ipv4Route> route = routing->RouteOutput(nullptr, header, nullptr, error);
        if (!route || !route->GetOutputDevice())
        {
            break;
        }
        Ptr<NetDevice> out = route->GetOutputDevice();
        path.mtu = std::min(path.mtu, ipv4->GetMtu(ipv4->GetInterfaceForDevice(out)));
        const double rate = DeviceRate(out);
        if (rate > 0)
        {
            path.rate = std::min(path.rate, rate);
        }
        path.delay += ChannelDelay(out);
        path.wifiHops += DynamicCast<WifiNetDevice>(out) ? 1 : 0;
        ++path.hops;
        const Ipv4Address gateway = route->GetGateway();
        hop = gateway == Ipv4Address::GetAny() ? NodeOfAddress(peer) : NodeOfAddress(gateway);
    }
    if (!path.known)
    {
        // No route (yet): the standard Ethernet MTU, which every link here
        // carries.
        path.mtu = std::min<uint16_t>(path.mtu, 1500);
    }
    if (!std::isfinite(path.rate))
    {
        path.rate = 0;
    }
    return path;
}

uint32_t
MecConnection::Path::GetBufferSize() const
{
    if (!known || rate <= 0)
    {
        return kDefaultBufferSize;
    }
    // Round trip: twice the propagation delays, plus kWifiAccessDelayS per
    // Wi-Fi hop each way (contention, A-MPDU aggregation and its block ack).
    const double rtt = 2 * (delay + wifiHops * kWifiAccessDelayS);
    const double bdp = rate * rtt / 8;
    // A whole number of 64 KiB: ns-3.37's TcpSocketBase::SendPendingData
    // asks for a 0-byte segment, and crashes in TcpRateLinux::SkbSent, when
    // the data in flight exactly fills a receive window that the window
    // scale has rounded down; buffers that are multiples of 2^16 are never
    // rounded (the scale is at most 2^14).
    const double unit = 1 << 16;
    return static_cast<uint32_t>(
        std::ceil(std::clamp<double>(bdp, kMinBufferSize, kMaxBufferSize) / unit) * unit);
}

uint32_t
MecConnection::Path::GetSegmentSize() const
{
    return mtu - kHeaderBytes;
}

uint32_t
MecConnection::PathSegmentSize(Ptr<Node> node, Ipv4Address peer)
{
    return GetPath(node, peer).GetSegmentSize();
}

uint32_t
MecConnection::LargestSegmentSize(Ptr<Node> node)
{
    return LargestMtu(node->GetObject<Ipv4>()) - kHeaderBytes;
}

uint32_t
MecConnection::LargestSegmentSize(Ipv4Address address)
{
    Ptr<Node> node = NodeOfAddress(address);
    return node ? LargestSegmentSize(node) : kStandardSegmentSize;
}

void
MecConnection::Configure(uint32_t pathSegmentSize, uint32_t pathBufferSize)
{
    m_socket->SetAttribute("SegmentSize",
                           UintegerValue(m_segmentSize > 0 ? m_segmentSize : pathSegmentSize));
    const uint32_t buffer = m_bufferSize > 0 ? m_bufferSize : pathBufferSize;
    m_socket->SetAttribute("SndBufSize", UintegerValue(buffer));
    m_socket->SetAttribute("RcvBufSize", UintegerValue(buffer));
    m_socket->SetAttribute("ConnTimeout", TimeValue(m_connectTimeout));
}

Ptr<Socket>
MecConnection::Listen(Ptr<Node> node, uint16_t port, AcceptCallback accepted, uint32_t segmentSize)
{
    Ptr<Socket> listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    // A prototype connection carries the attribute values (Config defaults).
    Ptr<MecConnection> prototype = CreateObject<MecConnection>();
    prototype->m_socket = listener;
    prototype->Configure(segmentSize, kListenerBufferSize);
    prototype->m_socket = nullptr;
    if (listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) != 0 ||
        listener->Listen() != 0)
    {
        NS_FATAL_ERROR("MecConnection: node " << node->GetId() << " cannot listen on TCP port "
                                              << port << " (already in use?)");
    }
    listener->SetAcceptCallback(Callback<bool, Ptr<Socket>, const Address&>(
                                    [](Ptr<Socket>, const Address&) { return true; }),
                                Callback<void, Ptr<Socket>, const Address&>(
                                    [accepted](Ptr<Socket> socket, const Address& from) {
                                        Ptr<MecConnection> connection =
                                            CreateObject<MecConnection>();
                                        connection->Adopt(socket, from);
                                        accepted(connection);
                                    }));
    return listener;
}

void
MecConnection::Connect(Ptr<Node> node, const Address& peer)
{
    NS_LOG_FUNCTION(this << node->GetId() << peer);
    NS_ASSERT_MSG(!m_socket, "MecConnection::Connect called twice");
    m_peer = peer;
    m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    if (InetSocketAddress::IsMatchingType(peer))
    {
        const Path path = GetPath(node, InetSocketAddress::ConvertFrom(peer).GetIpv4());
        Configure(path.GetSegmentSize(), path.GetBufferSize());
    }
    else
    {
        Configure(kStandardSegmentSize, kDefaultBufferSize);
    }
    m_socket->Bind();
    Address target = peer;
    if (InetSocketAddress::IsMatchingType(peer))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(peer);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetInterfaceForAddress(inet.GetIpv4()) >= 0)
        {
            // A peer on this node is reached over the loopback, as a real
            // host does. ns-3.37's Ipv4Interface::Send delivers a packet for
            // the interface's own address synchronously, so the whole
            // handshake completes inside the SYN+ACK's SendEmptyPacket,
            // which then arms its retransmission timer after the ACK
            // cancelled it: 6 retries later (ConnectTimeout x 63) the
            // accepted socket gives up and frees the connection. The
            // LoopbackNetDevice schedules delivery instead.
            target = InetSocketAddress(Ipv4Address::GetLoopback(), inet.GetPort());
        }
    }
    m_socket->SetConnectCallback(MakeCallback(&MecConnection::OnConnected, this),
                                 MakeCallback(&MecConnection::OnConnectFailed, this));
    m_socket->SetCloseCallbacks(MakeCallback(&MecConnection::OnClosed, this),
                                MakeCallback(&MecConnection::OnClosed, this));
    m_socket->SetRecvCallback(MakeCallback(&MecConnection::OnReceive, this));
    m_socket->SetSendCallback(MakeCallback(&MecConnection::OnSendSpace, this));
    if (m_socket->Connect(target) != 0)
    {
        Simulator::ScheduleNow(&MecConnection::Fail, this);
    }
}

void
MecConnection::Adopt(Ptr<Socket> socket, const Address& peer)
{
    m_socket = socket;
    m_peer = peer;
    m_connected = true;
    m_connectedAt = Simulator::Now();
    if (m_bufferSize == 0 && InetSocketAddress::IsMatchingType(peer))
    {
        // The same buffers as the connecting end, sized for the path back
        // to it: TCP lets them change after the handshake (the window scale
        // was fixed by the listener's larger buffer).
        const uint32_t buffer =
            GetPath(socket->GetNode(), InetSocketAddress::ConvertFrom(peer).GetIpv4())
                .GetBufferSize();
        m_socket->SetAttribute("SndBufSize", UintegerValue(buffer));
        m_socket->SetAttribute("RcvBufSize", UintegerValue(buffer));
    }
    m_socket->SetCloseCallbacks(MakeCallback(&MecConnection::OnClosed, this),
                                MakeCallback(&MecConnection::OnClosed, this));
    m_socket->SetRecvCallback(MakeCallback(&MecConnection::OnReceive, this));
    m_socket->SetSendCallback(MakeCallback(&MecConnection::OnSendSpace, this));
}

void
MecConnection::SetReceiveCallback(ReceiveCallback cb)
{
    m_receive = cb;
}

void
MecConnection::SetStateCallbacks(StateCallback connected, StateCallback closed)
{
    m_onConnected = connected;
    m_onClosed = closed;
}

bool
MecConnection::IsConnected() const
{
    return m_connected && !m_closed;
}

bool
MecConnection::IsClosed() const
{
    return m_closed;
}

Time
MecConnection::GetConnectedTime() const
{
    return m_connectedAt;
}

const Address&
MecConnection::GetPeer() const
{
    return m_peer;
}

uint64_t
MecConnection::GetBytesSent() const
{
    return m_sent;
}

uint64_t
MecConnection::GetBytesReceived() const
{
    return m_received;
}

uint64_t
MecConnection::GetBytesQueued() const
{
    return m_queued;
}

void
MecConnection::Send(const MecMessage& message)
{
    NS_LOG_FUNCTION(this << MecMessageTypeToString(message.type) << message.payloadBytes);
    if (m_closed)
    {
        return;
    }
    Chunk chunk;
    std::vector<uint8_t> header = message.SerializeHeader();
    uint32_t length = static_cast<uint32_t>(header.size());
    chunk.header.resize(4);
    std::memcpy(chunk.header.data(), &length, 4);
    chunk.header.insert(chunk.header.end(), header.begin(), header.end());
    chunk.payloadLeft = message.payloadBytes;
    NS_LOG_DEBUG(MecMessageTypeToString(message.type)
                 << " to " << InetSocketAddress::ConvertFrom(m_peer).GetIpv4() << ": "
                 << chunk.header.size() << " header + " << chunk.payloadLeft << " payload bytes");
    m_queued += chunk.header.size() + chunk.payloadLeft;
    m_out.push_back(std::move(chunk));
    if (m_connected)
    {
        Pump();
    }
}

void
MecConnection::Pump()
{
    while (!m_out.empty() && !m_closed)
    {
        uint32_t available = m_socket->GetTxAvailable();
        if (available == 0)
        {
            return; // OnSendSpace resumes
        }
        Chunk& chunk = m_out.front();
        Ptr<Packet> packet;
        if (chunk.headerSent < chunk.header.size())
        {
            uint32_t n = std::min<std::size_t>(available, chunk.header.size() - chunk.headerSent);
            packet = Create<Packet>(chunk.header.data() + chunk.headerSent, n);
        }
        else
        {
            // Virtual (zero-filled, unallocated) payload, at most 1 MiB per call.
            uint32_t n = static_cast<uint32_t>(
                std::min<uint64_t>({available, chunk.payloadLeft, uint64_t(1) << 20}));
            packet = Create<Packet>(n);
        }
        int sent = m_socket->Send(packet);
        if (sent <= 0)
        {
            return;
        }
        m_sent += sent;
        m_queued -= sent;
        if (chunk.headerSent < chunk.header.size())
        {
            chunk.headerSent += sent;
        }
        else
        {
            chunk.payloadLeft -= sent;
        }
        if (chunk.headerSent == chunk.header.size() && chunk.payloadLeft == 0)
        {
            m_out.pop_front();
        }
    }
}

void
MecConnection::OnConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this);
    m_connected = true;
    m_connectedAt = Simulator::Now();
    Ptr<MecConnection> self = this;
    if (!m_onConnected.IsNull())
    {
        m_onConnected(self);
    }
    Pump();
}

void
MecConnection::OnConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this);
    Fail();
}

void
MecConnection::OnClosed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this);
    Fail();
}

bool
MecConnection::MarkClosed()
{
    if (m_closed)
    {
        return false;
    }
    m_closed = true;
    m_connected = false;
    m_out.clear();
    m_queued = 0;
    return true;
}

void
MecConnection::Fail()
{
    if (MarkClosed() && !m_onClosed.IsNull())
    {
        Ptr<MecConnection> self = this;
        m_onClosed(self);
    }
}

void
MecConnection::Close()
{
    NS_LOG_FUNCTION(this);
    if (MarkClosed() && m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
}

void
MecConnection::OnSendSpace(Ptr<Socket> socket, uint32_t available)
{
    if (m_connected)
    {
        Pump();
    }
}

void
MecConnection::OnReceive(Ptr<Socket> socket)
{
    Ptr<MecConnection> self = this; // a callback may drop the last other reference
    Ptr<Packet> packet;
    while (!m_closed && (packet = socket->Recv()))
    {
        m_received += packet->GetSize();
        Consume(packet);
    }
}

void
MecConnection::Consume(Ptr<Packet> packet)
{
    uint32_t offset = 0;
    uint32_t size = packet->GetSize();
    while (offset < size && !m_closed)
    {
        if (!m_haveHeader)
        {
            uint32_t want = m_haveLength ? m_headerLength : 4;
            uint32_t n = std::min<uint32_t>(want - m_in.size(), size - offset);
            std::size_t old = m_in.size();
            m_in.resize(old + n);
            packet->CreateFragment(offset, n)->CopyData(m_in.data() + old, n);
            offset += n;
            if (m_in.size() < want)
            {
                continue;
            }
            if (!m_haveLength)
            {
                std::memcpy(&m_headerLength, m_in.data(), 4);
                m_haveLength = true;
                m_in.clear();
                if (m_headerLength == 0 || m_headerLength > (1u << 24))
                {
                    NS_LOG_WARN("MecConnection: bad header length " << m_headerLength
                                                                    << ", closing");
                    Fail();
                    m_socket->Close();
                }
                continue;
            }
            m_current = MecMessage();
            std::string error;
            if (!MecMessage::DeserializeHeader(m_in.data(), m_headerLength, m_current, &error))
            {
                NS_LOG_WARN("MecConnection: malformed message header from "
                            << m_peer << " (" << error << "), closing");
                Fail();
                m_socket->Close();
                return;
            }
            m_in.clear();
            m_haveHeader = true;
            m_payloadLeft = m_current.payloadBytes;
        }
        else
        {
            uint64_t n = std::min<uint64_t>(m_payloadLeft, size - offset);
            m_payloadLeft -= n;
            offset += n;
        }
        if (m_haveHeader && m_payloadLeft == 0)
        {
            m_haveHeader = false;
            m_haveLength = false;
            MecMessage message = std::move(m_current);
            if (!m_receive.IsNull())
            {
                m_receive(this, message);
            }
        }
    }
}

} // namespace ns3
