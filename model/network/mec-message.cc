/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-message.h"

#include <cstring>

namespace ns3
{

std::string
MecMessageTypeToString(MecMessageType type)
{
    switch (type)
    {
    case MecMessageType::REQUEST:
        return "request";
    case MecMessageType::RESULT:
        return "result";
    case MecMessageType::REJECT:
        return "reject";
    case MecMessageType::SERVER_REPORT:
        return "server-report";
    case MecMessageType::CLIENT_REPORT:
        return "client-report";
    case MecMessageType::COMMAND:
        return "command";
    case MecMessageType::ROUTING:
        return "routing";
    case MecMessageType::FETCH:
        return "fetch";
    case MecMessageType::WEIGHTS:
        return "weights";
    case MecMessageType::RELEASE:
        return "release";
    }
    return "unknown";
}

namespace
{

/// Little-endian writer of fixed-size fields.
class Writer
{
  public:
    template <typename T>
    void Put(T value)
    {
        uint8_t bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        m_data.insert(m_data.end(), bytes, bytes + sizeof(T));
    }

    std::vector<uint8_t> m_data; //!< written bytes
};

/// Reader matching Writer; every Get checks the remaining size.
class Reader
{
  public:
    Reader(const uint8_t* data, uint32_t size)
        : m_data(data),
          m_left(size)
    {
    }

    template <typename T>
    bool Get(T& value)
    {
        if (m_left < sizeof(T))
        {
            return false;
        }
        std::memcpy(&value, m_data, sizeof(T));
        m_data += sizeof(T);
        m_left -= sizeof(T);
        return true;
    }

    uint32_t Left() const
    {
        return m_left;
    }

  private:
    const uint8_t* m_data; //!< next byte
    uint32_t m_left;       //!< bytes left
};

} // namespace

std::vector<uint8_t>
MecMessage::SerializeHeader() const
{
    Writer w;
    w.Put<uint8_t>(kVersion);
    w.Put<uint8_t>(static_cast<uint8_t>(type));
    w.Put<uint64_t>(id);
    w.Put<uint32_t>(node);
    w.Put<uint32_t>(origin);
    w.Put<uint32_t>(model);
    w.Put<uint32_t>(code);
    w.Put<uint32_t>(address);
    w.Put<int64_t>(sent.GetTimeStep());
    w.Put<uint64_t>(payloadBytes);
    w.Put<uint32_t>(static_cast<uint32_t>(times.size()));
    for (int64_t t : times)
    {
        w.Put<int64_t>(t);
    }
    w.Put<uint32_t>(static_cast<uint32_t>(values.size()));
    for (double v : values)
    {
        w.Put<double>(v);
    }
    return w.m_data;
}

bool
MecMessage::DeserializeHeader(const uint8_t* data,
                              uint32_t size,
                              MecMessage& message,
                              std::string* error)
{
    auto reject = [error](const std::string& why) {
        if (error)
        {
            *error = why;
        }
        return false;
    };
    Reader r(data, size);
    uint8_t version = 0;
    uint8_t type = 0;
    int64_t sent = 0;
    uint32_t n = 0;
    if (!r.Get(version))
    {
        return reject("empty header");
    }
    if (version != kVersion)
    {
        return reject("header version " + std::to_string(version) + ", expected " +
                      std::to_string(kVersion));
    }
    if (!r.Get(type) || type < 1 || type > 10)
    {
        return reject("unknown message type " + std::to_string(type));
    }
    if (!r.Get(message.id) || !r.Get(message.node) || !r.Get(message.origin) ||
        !r.Get(message.model) || !r.Get(message.code) || !r.Get(message.address) || !r.Get(sent) ||
        !r.Get(message.payloadBytes) || !r.Get(n) || n > r.Left() / 8)
    {
        return reject("header truncated or its times vector longer than the header");
    }
    message.type = static_cast<MecMessageType>(type);
    message.sent = TimeStep(sent);
    message.times.resize(n);
    for (auto& t : message.times)
    {
        r.Get(t);
    }
    if (!r.Get(n) || n > r.Left() / 8)
    {
        return reject("header truncated or its values vector longer than the header");
    }
    message.values.resize(n);
    for (auto& v : message.values)
    {
        r.Get(v);
    }
    if (r.Left() != 0)
    {
        return reject(std::to_string(r.Left()) + " bytes after the header's last field");
    }
    return true;
}

uint64_t
MecMessage::GetWireSize() const
{
    return 4 + (2 + 8 + 5 * 4 + 8 + 8 + 4 + 8 * times.size() + 4 + 8 * values.size()) +
           payloadBytes;
}

} // namespace ns3
