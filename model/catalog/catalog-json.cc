/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "catalog-json.h"

#include "input-file.h"

#include <cmath>
#include <cstdlib>
#include <fstream>

namespace ns3
{
namespace r3d
{

nlohmann::json
ParseJsonFile(const std::string& path)
{
    std::string problem = InputFileProblem(path);
    if (!problem.empty())
    {
        throw CatalogError(path, "", "", "cannot open the file for reading: " + problem);
    }
    std::ifstream in(path);
    try
    {
        return nlohmann::json::parse(in);
    }
    // json::exception, not only parse_error: a number beyond a double's
    // range (1e400) is an out_of_range error of the parser.
    catch (const nlohmann::json::exception& e)
    {
        throw CatalogError(path, "", "", std::string("malformed JSON: ") + e.what());
    }
}

std::string
EntryName(const nlohmann::json& array, const std::string& arrayName, std::size_t index)
{
    const nlohmann::json& element = array[index];
    if (element.is_object() && element.contains("name") && element["name"].is_string())
    {
        return element["name"].get<std::string>();
    }
    return arrayName + "[" + std::to_string(index) + "]";
}

std::string
DataFilePath(const std::string& name)
{
    const char* dir = std::getenv("R3D_DATA_DIR");
    return std::string(dir != nullptr ? dir : R3D_DATA_DIR) + "/" + name;
}

EntryReader::EntryReader(const std::string& file,
                         const std::string& entry,
                         const nlohmann::json& object)
    : m_file(file),
      m_entry(entry),
      m_object(object)
{
    if (!object.is_object())
    {
        throw CatalogError(file,
                           entry,
                           "",
                           "expected a JSON object, got " + std::string(object.type_name()));
    }
}

EntryReader
EntryReader::Nested(const std::string& field) const
{
    EntryReader nested(m_file, m_entry, Object(field));
    nested.m_prefix = m_prefix + field + ".";
    return nested;
}

EntryReader
EntryReader::Element(const std::string& field, std::size_t index) const
{
    std::string label = field + "[" + std::to_string(index) + "]";
    const nlohmann::json& element = Array(field)[index];
    if (!element.is_object())
    {
        Fail(label, "expected a JSON object, got " + std::string(element.type_name()));
    }
    EntryReader nested(m_file, m_entry, element);
    nested.m_prefix = m_prefix + label + ".";
    return nested;
}

bool
EntryReader::Has(const std::string& field) const
{
    return m_object.contains(field);
}

const nlohmann::json&
EntryReader::Get(const std::string& field) const
{
    auto it = m_object.find(field);
    if (it == m_object.end())
    {
        Fail(field, "missing");
    }
    return *it;
}

double
EntryReader::Number(const std::string& field, bool allowZero) const
{
    const nlohmann::json& value = Get(field);
    if (!value.is_number())
    {
        Fail(field, "expected a number, got " + std::string(value.type_name()));
    }
    double v = value.get<double>();
    if (!std::isfinite(v))
    {
        Fail(field, "not a finite number");
    }
    if (v < 0)
    {
        Fail(field, "negative (" + value.dump() + ")");
    }
    if (v == 0 && !allowZero)
    {
        Fail(field, "must be greater than zero");
    }
    return v;
}

bool
EntryReader::Boolean(const std::string& field, bool otherwise) const
{
    if (!Has(field))
    {
        return otherwise;
    }
    const nlohmann::json& value = Get(field);
    if (!value.is_boolean())
    {
        Fail(field, "expected true or false, got " + value.dump());
    }
    return value.get<bool>();
}

std::string
EntryReader::String(const std::string& field) const
{
    const nlohmann::json& value = Get(field);
    if (!value.is_string() || value.get<std::string>().empty())
    {
        Fail(field, "expected a non-empty string, got " + value.dump());
    }
    return value.get<std::string>();
}

const nlohmann::json&
EntryReader::Object(const std::string& field) const
{
    const nlohmann::json& value = Get(field);
    if (!value.is_object())
    {
        Fail(field, "expected a JSON object, got " + std::string(value.type_name()));
    }
    return value;
}

const nlohmann::json&
EntryReader::Array(const std::string& field) const
{
    const nlohmann::json& value = Get(field);
    if (!value.is_array() || value.empty())
    {
        Fail(field, "expected a non-empty JSON array, got " + value.dump().substr(0, 40));
    }
    return value;
}

void
EntryReader::RejectUnknown(std::initializer_list<const char*> known) const
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
    {
        bool ok = it.key() == "note";
        for (const char* k : known)
        {
            ok = ok || it.key() == k;
        }
        if (!ok)
        {
            Fail(it.key(), "unknown field (misspelt?)");
        }
    }
}

void
EntryReader::Fail(const std::string& field, const std::string& problem) const
{
    throw CatalogError(m_file, m_entry, m_prefix + field, problem);
}

} // namespace r3d
} // namespace ns3
