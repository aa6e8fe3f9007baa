/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_CONNECTION_H
#define R3D_MEC_CONNECTION_H

#include "mec-message.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <deque>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class Socket;

/**
 * \ingroup r3d
 * \brief A TCP connection carrying MecMessages, with message framing.
 *
 * Send() queues a message; bytes go to the socket as its send buffer frees
 * up, so a large transfer (model weights) never blocks messages on other
 * connections, and messages on one connection are delivered in order, each
 * only once all of its bytes (header and payload) have arrived: the receive
 * callback fires at the simulated time the last byte is read from TCP.
 *
 * Sockets get the SegmentSize and BufferSize attributes below (ns-3's TCP
 * defaults of 536-byte segments and 128 KiB buffers would cap a 1 Gb/s,
 * 40 ms WAN path at ~26 Mb/s).
 */
class MecConnection : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MecConnection();
    ~MecConnection() override;

    /// Called with each complete message.
    typedef Callback<void, Ptr<MecConnection>, const MecMessage&> ReceiveCallback;
    /// Called when the connection is up, or when it failed or closed.
    typedef Callback<void, Ptr<MecConnection>> StateCallback;

    /**
     * \brief Open a connection from \p node to \p peer.
     * \param node the local node
     * \param peer the remote InetSocketAddress
     */
    void Connect(Ptr<Node> node, const Address& peer);

    /// Called with each connection a listening socket accepts.
    typedef Callback<void, Ptr<MecConnection>> AcceptCallback;

    /**
     * \brief Listen for connections on \p port of \p node; accepted
     *        connections get the attributes' socket options (TCP copies them
     *        from the listening socket) and are handed to \p accepted.
     *
     * ns-3's TCP has no MSS option and fixes a socket's segment size before
     * its handshake, so an accepted socket cannot adapt to its peer's path:
     * the listener's segment size must fit every path its peers may use
     * (kStandardSegmentSize where Wi-Fi or 1500-byte Ethernet may lie on
     * the way). A node that also serves peers over jumbo-frame paths listens
     * a second time, on another port, with the larger segment size.
     * \param node the local node
     * \param port TCP port
     * \param accepted called with each new connection
     * \param segmentSize segment size of the accepted sockets, bytes (the
     *        SegmentSize attribute wins if it is not 0)
     * \return the listening socket (close it to stop listening)
     */
    static Ptr<Socket> Listen(Ptr<Node> node,
                              uint16_t port,
                              AcceptCallback accepted,
                              uint32_t segmentSize = kStandardSegmentSize);

    /**
     * \brief Adopt a socket accepted by a listening socket.
     * \param socket the connected socket
     * \param peer the remote address
     */
    void Adopt(Ptr<Socket> socket, const Address& peer);

    /**
     * \brief Queue a message for sending (sent once connected).
     * \param message the message
     */
    void Send(const MecMessage& message);

    /**
     * \brief Close the connection (queued bytes are discarded).
     */
    void Close();

    /**
     * \param cb called with each complete message received
     */
    void SetReceiveCallback(ReceiveCallback cb);

    /**
     * \param connected called when the connection is established
     * \param closed called when it fails, is closed by the peer or errors
     */
    void SetStateCallbacks(StateCallback connected, StateCallback closed);

    /// \return true between establishment and close
    bool IsConnected() const;

    /// \return true once closed or failed
    bool IsClosed() const;

    /// \return when the connection was established (its handshake ended,
    ///         or it was accepted), s; negative before
    Time GetConnectedTime() const;

    /// \return the remote address
    const Address& GetPeer() const;

    /// \return bytes handed to TCP so far
    uint64_t GetBytesSent() const;

    /// \return bytes received so far
    uint64_t GetBytesReceived() const;

    /// \return bytes queued but not yet handed to TCP
    uint64_t GetBytesQueued() const;

    /// TCP payload per segment on a standard 1500-byte Ethernet or Wi-Fi
    /// MTU: 1500 less 52 bytes of IPv4, TCP and timestamp headers.
    static constexpr uint32_t kStandardSegmentSize = 1448;
    /// Socket buffers where the path is not known, bytes (1 MiB).
    static constexpr uint32_t kDefaultBufferSize = 1 << 20;
    /// Smallest path-sized buffer, bytes (64 KiB: TCP's largest window
    /// without window scaling, and the rounding unit of GetBufferSize).
    static constexpr uint32_t kMinBufferSize = 64 << 10;
    /// Largest path-sized buffer, bytes (16 MiB: Linux's tcp_rmem maximum
    /// is 6 MiB by default and is commonly raised to 16 MiB on
    /// long fat networks).
    static constexpr uint32_t kMaxBufferSize = 16 << 20;
    /// Buffers of accepted sockets, bytes (kMaxBufferSize: the connecting
    /// peer's receive window, sized for its path, limits what is in flight).
    static constexpr uint32_t kListenerBufferSize = kMaxBufferSize;
    /// Medium access time added per Wi-Fi hop and direction to a path's
    /// round trip (contention, A-MPDU aggregation, block ack): 1 ms, the
    /// order of one 64 KB A-MPDU at 433-867 Mb/s plus its block ack.
    static constexpr double kWifiAccessDelayS = 1e-3;

    /// What a route offers a TCP connection, found by walking it hop by hop.
    struct Path
    {
        bool known{false};    //!< the walk reached the peer
        uint16_t mtu{1500};   //!< smallest MTU on the way, bytes
        double rate{0};       //!< bottleneck transmission rate, bit/s (0: unknown)
        double delay{0};      //!< one-way propagation delay, s
        uint32_t hops{0};     //!< links crossed
        uint32_t wifiHops{0}; //!< of which Wi-Fi

        /**
         * \return the socket buffer for this path: twice the
         *         bandwidth-delay product (rate x round trip, the round trip
         *         2 x (delay + wifiHops x kWifiAccessDelayS)), clamped to
         *         [kMinBufferSize, kMaxBufferSize] and rounded up to a
         *         multiple of 64 KiB; kDefaultBufferSize if the path is not
         *         known, bytes
         */
        uint32_t GetBufferSize() const;

        /**
         * \return mtu less 52 bytes of IPv4, TCP and timestamp headers: the
         *         segment size TCP's MSS option and path MTU discovery settle
         *         on, bytes
         */
        uint32_t GetSegmentSize() const;
    };

    /**
     * \brief The route from \p node to \p peer, walked hop by hop through
     *        each node's routing table, as path MTU discovery finds it.
     * \param node the sending node
     * \param peer the peer's address
     * \return the path: MTU, bottleneck rate (point-to-point DataRate, a
     *         Wi-Fi PHY's fastest mode), one-way propagation delay
     */
    static Path GetPath(Ptr<Node> node, Ipv4Address peer);

    /**
     * \param node the sending node
     * \param peer the peer's address
     * \return GetPath(node, peer).GetSegmentSize(), bytes
     */
    static uint32_t PathSegmentSize(Ptr<Node> node, Ipv4Address peer);

    /**
     * \param node a node
     * \return the largest MTU of its interfaces less 52 bytes, bytes
     */
    static uint32_t LargestSegmentSize(Ptr<Node> node);

    /**
     * \param address an address of some node
     * \return LargestSegmentSize of the node that owns it
     *         (kStandardSegmentSize if none does), bytes
     */
    static uint32_t LargestSegmentSize(Ipv4Address address);

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    /// Bytes waiting to be handed to TCP: real header bytes or virtual payload.
    struct Chunk
    {
        std::vector<uint8_t> header; //!< real bytes (length prefix and header), sent first
        std::size_t headerSent{0};   //!< header bytes already sent
        uint64_t payloadLeft{0};     //!< virtual payload bytes left
    };

    /**
     * \brief Give the socket the attributes' options.
     * \param pathSegmentSize the segment size to use if SegmentSize is 0
     * \param pathBufferSize the buffers to use if BufferSize is 0
     */
    void Configure(uint32_t pathSegmentSize, uint32_t pathBufferSize);
    void OnConnected(Ptr<Socket> socket);
    void OnConnectFailed(Ptr<Socket> socket);
    void OnClosed(Ptr<Socket> socket);
    void OnSendSpace(Ptr<Socket> socket, uint32_t available);
    void OnReceive(Ptr<Socket> socket);
    void Pump();
    void Consume(Ptr<Packet> packet);
    void Fail();
    bool MarkClosed();

    uint32_t m_segmentSize;          //!< SegmentSize attribute
    uint32_t m_bufferSize;           //!< BufferSize attribute
    Time m_connectTimeout;           //!< ConnectTimeout attribute
    Time m_connectedAt{Seconds(-1)}; //!< when established (negative: not yet)

    Ptr<Socket> m_socket;        //!< the TCP socket
    Address m_peer;              //!< remote address
    bool m_connected{false};     //!< established
    bool m_closed{false};        //!< closed or failed
    std::deque<Chunk> m_out;     //!< waiting to be handed to TCP
    uint64_t m_queued{0};        //!< bytes in m_out
    uint64_t m_sent{0};          //!< bytes handed to TCP
    uint64_t m_received{0};      //!< bytes received
    std::vector<uint8_t> m_in;   //!< partial length prefix / header being received
    bool m_haveLength{false};    //!< the 4-byte header length is known
    uint32_t m_headerLength{0};  //!< header length of the message being received
    bool m_haveHeader{false};    //!< its header is parsed
    MecMessage m_current;        //!< the message being received
    uint64_t m_payloadLeft{0};   //!< its payload bytes still to arrive
    ReceiveCallback m_receive;   //!< message callback
    StateCallback m_onConnected; //!< connected callback
    StateCallback m_onClosed;    //!< closed callback
};

} // namespace ns3

#endif /* R3D_MEC_CONNECTION_H */
