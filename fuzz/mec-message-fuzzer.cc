/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the MEC message decoders, as a server, a client and the
// controller run them on what arrives from the network. A malformed
// message must be rejected (false and an error text), never crash the
// simulation. Input: one byte of options, then the header's bytes.
//   - options & 0x7f: the scenario's number of models for the typed
//     decoders (0-127); options & 0x80: a huge count instead (2^31 + the
//     low bits), which no scenario has but which must not make a decoder
//     read out of bounds either;
//   - a header that deserializes must serialize back to the same bytes
//     (the layout is fixed and DeserializeHeader refuses trailing bytes, so
//     this holds by design) and report the wire size of those bytes plus
//     the framing and payload;
//   - each typed decoder runs on it whatever its type (the wrong type must
//     be refused too), and a payload that decodes must encode back into a
//     message that decodes to the same values.

#include "ns3/mec-message.h"
#include "ns3/mec-payloads.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace
{

/**
 * \brief Report a broken property and abort (libFuzzer records the input).
 * \param what the property
 */
[[noreturn]] void
Fail(const char* what)
{
    std::cerr << "r3d-fuzz-mec-message: " << what << std::endl;
    std::abort();
}

/**
 * \brief Check that a decoded payload encodes back into the values it came
 *        from: equal numbers (a -0 read as a count comes back as 0), NaN
 *        where there was NaN (a client report's "no signal").
 * \param a the message's values
 * \param b the re-encoded values
 * \return whether they match
 */
bool
SameValues(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
        {
            return false;
        }
    }
    return true;
}

} // namespace

/**
 * \brief libFuzzer's entry point.
 * \param data the input: an options byte, then a message header
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    if (size < 1 || size > UINT32_MAX)
    {
        return 0;
    }
    const uint8_t options = data[0];
    const uint32_t models = (options & 0x80) ? 0x80000000u + (options & 0x7f) : (options & 0x7f);
    const uint8_t* header = data + 1;
    const uint32_t headerSize = static_cast<uint32_t>(size - 1);

    MecMessage message;
    std::string error;
    if (!MecMessage::DeserializeHeader(header, headerSize, message, &error))
    {
        if (error.empty())
        {
            Fail("DeserializeHeader refused a header without saying why");
        }
        return 0;
    }
    const std::vector<uint8_t> again = message.SerializeHeader();
    if (again.size() != headerSize || std::memcmp(again.data(), header, headerSize) != 0)
    {
        Fail("a header that deserializes does not serialize back to the same bytes");
    }
    // Modulo 2^64 on both sides: a payload size near 2^64 wraps alike.
    if (message.GetWireSize() != 4 + uint64_t(headerSize) + message.payloadBytes)
    {
        Fail("GetWireSize is not the framing + the header + the payload");
    }
    MecMessage reread;
    if (!MecMessage::DeserializeHeader(again.data(), again.size(), reread, nullptr) ||
        reread.SerializeHeader() != again)
    {
        Fail("a serialized header does not deserialize to the same fields");
    }

    MecServerReport server;
    error.clear();
    if (MecServerReport::Decode(message, models, server, error))
    {
        MecMessage out;
        server.Encode(out);
        if (!SameValues(out.values, message.values))
        {
            Fail("a server report does not encode back to its values");
        }
    }
    else if (error.empty())
    {
        Fail("MecServerReport::Decode refused without saying why");
    }

    MecClientReport client;
    error.clear();
    if (MecClientReport::Decode(message, models, client, error))
    {
        MecMessage out;
        client.Encode(out);
        if (!SameValues(out.values, message.values))
        {
            Fail("a client report does not encode back to its values");
        }
    }
    else if (error.empty())
    {
        Fail("MecClientReport::Decode refused without saying why");
    }

    MecRoutingTable table;
    error.clear();
    if (MecRoutingTable::Decode(message, models, table, error))
    {
        MecMessage out;
        table.Encode(out);
        if (!SameValues(out.values, message.values))
        {
            Fail("a routing table does not encode back to its values");
        }
    }
    else if (error.empty())
    {
        Fail("MecRoutingTable::Decode refused without saying why");
    }

    MecCommand command;
    error.clear();
    if (MecCommand::Decode(message, command, error))
    {
        MecMessage out;
        command.Encode(out);
        if (out.code != message.code || out.model != message.model || out.node != message.node ||
            out.address != message.address || !SameValues(out.values, message.values))
        {
            Fail("a command does not encode back to its fields");
        }
    }
    else if (error.empty())
    {
        Fail("MecCommand::Decode refused without saying why");
    }
    return 0;
}
