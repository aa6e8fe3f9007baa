/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "event-profile.h"

#include "ns3/log.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cstdlib>
#include <cxxabi.h>
#include <memory>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EventProfile");

NS_OBJECT_ENSURE_REGISTERED(EventProfile);

namespace
{

/// \return the demangled type name \p mangled (itself if demangling fails)
std::string
Demangle(const char* mangled)
{
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
        std::free);
    return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}

/// \return \p field quoted as RFC 4180 asks when it holds a comma, quote or line end
std::string
CsvField(const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos)
    {
        return field;
    }
    std::string out = "\"";
    for (char c : field)
    {
        out += c;
        if (c == '"')
        {
            out += '"';
        }
    }
    return out + "\"";
}

} // namespace

TypeId
EventProfile::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EventProfile")
                            .SetParent<Object>()
                            .SetGroupName("R3d")
                            .AddConstructor<EventProfile>();
    return tid;
}

void
EventProfile::Record(const std::type_info& type, bool cancelled)
{
    Counts& c = m_counts[std::type_index(type)];
    if (cancelled)
    {
        ++c.cancelled;
    }
    else
    {
        ++c.executed;
    }
}

std::pair<std::string, std::string>
EventProfile::ClassOf(const std::string& demangled)
{
    // ns-3.37's make-event.h: MakeEvent<MEM, OBJ, T...>(MEM, OBJ, T...) for
    // a member, MakeEvent<U..., T...>(void (*)(U...), T...) for a function,
    // MakeEvent(void (*)()) and MakeEvent<F>(F) for a functor: the event
    // is always the first parameter of the parameter list.
    static const std::string kMakeEvent = "MakeEvent";
    const std::size_t start = demangled.find(kMakeEvent);
    if (start == std::string::npos)
    {
        return {"", demangled};
    }
    std::size_t open = start + kMakeEvent.size();
    if (open < demangled.size() && demangled[open] == '<')
    {
        int nesting = 0;
        for (; open < demangled.size(); ++open)
        {
            const char c = demangled[open];
            nesting += (c == '<' || c == '(') ? 1 : (c == '>' || c == ')') ? -1 : 0;
            if (nesting == 0)
            {
                ++open; // past the template argument list's '>'
                break;
            }
        }
    }
    if (open >= demangled.size() || demangled[open] != '(')
    {
        return {"", demangled};
    }
    // The first parameter ends at the first comma or closing ')' outside
    // any nested <> or ().
    const std::size_t from = open + 1;
    int depth = 0;
    std::size_t end = from;
    for (; end < demangled.size(); ++end)
    {
        const char c = demangled[end];
        if (c == '<' || c == '(')
        {
            ++depth;
        }
        else if ((c == '>' || c == ')') && depth > 0)
        {
            --depth;
        }
        else if ((c == ',' || c == '>' || c == ')') && depth == 0)
        {
            break;
        }
    }
    // The demangler writes "> >" for nested templates: drop the space.
    std::size_t last = end;
    while (last > from && demangled[last - 1] == ' ')
    {
        --last;
    }
    const std::string event = demangled.substr(from, last - from);
    // "R (C::*)(A...)": the class is inside the parenthesis that closes
    // right after "::*", whose own name may hold parentheses.
    const std::size_t member = event.find("::*)");
    if (member != std::string::npos)
    {
        int nested = 0;
        for (std::size_t i = member; i-- > 0;)
        {
            if (event[i] == ')')
            {
                ++nested;
            }
            else if (event[i] == '(' && nested-- == 0)
            {
                return {event.substr(i + 1, member - i - 1), event};
            }
        }
    }
    // "T C::*": a data member called on an object, e.g. NetDeviceQueue's
    // wake callback.
    static const std::string kDataMember = "::*";
    if (event.size() > kDataMember.size() &&
        event.compare(event.size() - kDataMember.size(), kDataMember.size(), kDataMember) == 0)
    {
        const std::size_t space = event.rfind(' ');
        const std::size_t nameFrom = space == std::string::npos ? 0 : space + 1;
        return {event.substr(nameFrom, event.size() - kDataMember.size() - nameFrom), event};
    }
    if (event.find("(*)") != std::string::npos)
    {
        return {"function", event};
    }
    return {"functor", event};
}

std::vector<EventProfile::Row>
EventProfile::GetRows() const
{
    std::vector<Row> rows;
    rows.reserve(m_counts.size());
    for (const auto& [type, counts] : m_counts)
    {
        Row row;
        std::tie(row.className, row.event) = ClassOf(Demangle(type.name()));
        TypeId tid;
        if (!row.className.empty() && TypeId::LookupByNameFailSafe(row.className, &tid))
        {
            row.module = tid.GetGroupName();
        }
        row.executed = counts.executed;
        row.cancelled = counts.cancelled;
        rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.executed != b.executed ? a.executed > b.executed : a.event < b.event;
    });
    return rows;
}

uint64_t
EventProfile::GetExecuted() const
{
    uint64_t n = 0;
    for (const auto& entry : m_counts)
    {
        n += entry.second.executed;
    }
    return n;
}

uint64_t
EventProfile::GetCancelled() const
{
    uint64_t n = 0;
    for (const auto& entry : m_counts)
    {
        n += entry.second.cancelled;
    }
    return n;
}

std::string
EventProfile::ToCsv() const
{
    std::ostringstream out;
    out << "executed,cancelled,module,class,event\n";
    for (const Row& r : GetRows())
    {
        out << r.executed << ',' << r.cancelled << ',' << CsvField(r.module) << ','
            << CsvField(r.className) << ',' << CsvField(r.event) << '\n';
    }
    return out.str();
}

} // namespace ns3
