/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Internal to the module (not installed): catalog names of enumerators, for
// the enums whose values the catalogs spell out (layer kinds, fusions, ...).

#ifndef R3D_ENUM_NAMES_H
#define R3D_ENUM_NAMES_H

#include <array>
#include <string>
#include <utility>

namespace ns3
{
namespace r3d
{

/**
 * \brief Name of an enumerator in a name table.
 * \param table (enumerator, name) pairs
 * \param value the enumerator
 * \return its name ("unknown" if absent)
 */
template <typename Enum, std::size_t N>
std::string
NameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value)
{
    for (const auto& [v, name] : table)
    {
        if (v == value)
        {
            return name;
        }
    }
    return "unknown";
}

/**
 * \brief Enumerator of a name in a name table.
 * \param table (enumerator, name) pairs
 * \param name the name
 * \param[out] value the enumerator, set only on success
 * \return false if the name is unknown
 */
template <typename Enum, std::size_t N>
bool
ValueOf(const std::array<std::pair<Enum, const char*>, N>& table,
        const std::string& name,
        Enum& value)
{
    for (const auto& [v, n] : table)
    {
        if (name == n)
        {
            value = v;
            return true;
        }
    }
    return false;
}

} // namespace r3d
} // namespace ns3

#endif /* R3D_ENUM_NAMES_H */
