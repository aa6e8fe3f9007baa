/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "type-id-aliases.h"

#include "ns3/string.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{

TypeIdAliases::TypeIdAliases(TypeId base, std::string kind, std::vector<Alias> aliases)
    : m_base(base),
      m_kind(std::move(kind)),
      m_aliases(std::move(aliases))
{
}

std::string
TypeIdAliases::GetTypeName(const std::string& name) const
{
    for (const Alias& a : m_aliases)
    {
        if (a.name == name)
        {
            return a.typeId;
        }
    }
    return name;
}

bool
TypeIdAliases::IsKnown(const std::string& name) const
{
    TypeId tid;
    return TypeId::LookupByNameFailSafe(GetTypeName(name), &tid) && tid != m_base &&
           tid.IsChildOf(m_base) && tid.HasConstructor();
}

ObjectFactory
TypeIdAliases::Resolve(const std::string& name) const
{
    if (!IsKnown(name))
    {
        std::string what = "unknown " + m_kind + " '" + name + "'";
        if (GetTypeName(name) != name)
        {
            // An alias whose TypeId is not registered: a part of the module
            // that was not built (e.g. the learning library without LibTorch).
            what += " (" + GetTypeName(name) + " is not in this build)";
        }
        throw std::invalid_argument(what + "; known: " + GetNames());
    }
    ObjectFactory factory;
    factory.SetTypeId(GetTypeName(name));
    for (const Alias& a : m_aliases)
    {
        if (a.name == name)
        {
            for (const auto& [attribute, value] : a.attributes)
            {
                factory.Set(attribute, StringValue(value));
            }
        }
    }
    return factory;
}

std::string
TypeIdAliases::GetNames() const
{
    std::string names;
    for (const Alias& a : m_aliases)
    {
        if (IsKnown(a.name))
        {
            names += (names.empty() ? "" : ", ") + a.name;
        }
    }
    std::vector<std::string> types;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid != m_base && tid.IsChildOf(m_base) && tid.HasConstructor())
        {
            types.push_back(tid.GetName());
        }
    }
    std::sort(types.begin(), types.end());
    for (const std::string& type : types)
    {
        names += (names.empty() ? "" : ", ") + type;
    }
    return names;
}

} // namespace ns3
