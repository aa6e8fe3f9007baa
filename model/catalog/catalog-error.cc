/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "catalog-error.h"

namespace ns3
{

namespace
{

std::string
FormatCatalogError(const std::string& file,
                   const std::string& entry,
                   const std::string& field,
                   const std::string& problem)
{
    std::string message = file;
    if (!entry.empty())
    {
        message += ": entry '" + entry + "'";
    }
    if (!field.empty())
    {
        message += ": field '" + field + "'";
    }
    return message + ": " + problem;
}

} // namespace

CatalogError::CatalogError(const std::string& file,
                           const std::string& entry,
                           const std::string& field,
                           const std::string& problem)
    : std::runtime_error(FormatCatalogError(file, entry, field, problem)),
      m_file(file),
      m_entry(entry),
      m_field(field)
{
}

const std::string&
CatalogError::GetFile() const
{
    return m_file;
}

const std::string&
CatalogError::GetEntry() const
{
    return m_entry;
}

const std::string&
CatalogError::GetField() const
{
    return m_field;
}

} // namespace ns3
