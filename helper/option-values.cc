/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "option-values.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace r3d
{

bool
ParseTimeSeconds(const std::string& text, double& seconds)
{
    // The units of ns-3.37's Time(std::string), in seconds.
    static const std::map<std::string, double> units{{"", 1},
                                                     {"s", 1},
                                                     {"ms", 1e-3},
                                                     {"us", 1e-6},
                                                     {"ns", 1e-9},
                                                     {"ps", 1e-12},
                                                     {"fs", 1e-15},
                                                     {"min", 60},
                                                     {"h", 3600},
                                                     {"d", 86400},
                                                     {"y", 365 * 86400.0}};
    // Time(std::string) splits at the first character that is not part of a
    // number, as here.
    std::string::size_type n = text.find_first_not_of("+-0123456789.eE");
    std::string number = text.substr(0, n);
    std::string unit = n == std::string::npos ? "" : text.substr(n);
    auto it = units.find(unit);
    if (number.empty() || it == units.end())
    {
        return false;
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size())
    {
        return false;
    }
    seconds = value * it->second;
    return true;
}

bool
ParseMemoryAmount(const std::string& text, double& bytes, double& share)
{
    static const std::map<std::string, double> units{{"B", 1},
                                                     {"kB", 1e3},
                                                     {"KB", 1e3},
                                                     {"MB", 1e6},
                                                     {"GB", 1e9},
                                                     {"TB", 1e12},
                                                     {"KiB", 1024.0},
                                                     {"MiB", 1024.0 * 1024},
                                                     {"GiB", 1024.0 * 1024 * 1024},
                                                     {"TiB", 1024.0 * 1024 * 1024 * 1024}};
    // The unit starts at the first character that cannot be in a number.
    std::string::size_type n = text.find_first_not_of("+-0123456789.eE");
    std::string number = text.substr(0, n);
    std::string unit = n == std::string::npos ? "" : text.substr(n);
    if (number.empty())
    {
        return false;
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size() || !std::isfinite(value) || !(value > 0))
    {
        return false;
    }
    if (unit.empty())
    {
        if (value > 1)
        {
            return false;
        }
        bytes = 0;
        share = value;
        return true;
    }
    auto it = units.find(unit);
    if (it == units.end())
    {
        return false;
    }
    bytes = value * it->second;
    share = 0;
    return true;
}

bool
ParseBitRate(const std::string& text, double& bitsPerSecond)
{
    DataRateValue value;
    if (text.empty() || !value.DeserializeFromString(text, MakeDataRateChecker()))
    {
        return false;
    }
    bitsPerSecond = static_cast<double>(value.Get().GetBitRate());
    return true;
}

bool
ParseOptionValue(const std::string& option, const std::string& text, std::string& value)
{
    if (text.empty())
    {
        std::cerr << "error: --" << option
                  << ": empty (leave the option out to keep its default)\n";
        return false;
    }
    value = text;
    return true;
}

template <typename T>
bool
ParseOptionValue(const std::string& option, const std::string& text, T& value)
{
    static_assert(std::is_arithmetic_v<T>, "numbers only; std::string has its own overload");
    std::istringstream in(text);
    T read{};
    in >> read;
    const bool whole = !in.fail() && (in >> std::ws).eof();
    const bool signOk = std::is_signed_v<T> || text.find('-') == std::string::npos;
    if (!whole || !signOk)
    {
        std::cerr << "error: --" << option << ": '" << text << "' is not "
                  << (std::is_floating_point_v<T>
                          ? "a number (a plain number such as 2 or 0.5, no unit)"
                          : (std::is_signed_v<T> ? "a whole number"
                                                 : "a whole number of at least 0"))
                  << "\n";
        return false;
    }
    value = read;
    return true;
}

template bool ParseOptionValue(const std::string&, const std::string&, double&);
template bool ParseOptionValue(const std::string&, const std::string&, int32_t&);
template bool ParseOptionValue(const std::string&, const std::string&, uint32_t&);
template bool ParseOptionValue(const std::string&, const std::string&, int64_t&);
template bool ParseOptionValue(const std::string&, const std::string&, uint64_t&);

Callback<bool, std::string>
CountOption(const std::string& option, uint32_t& target)
{
    uint32_t* where = &target;
    return Callback<bool, std::string>([option, where](std::string text) {
        bool digits = !text.empty() && text.size() <= 10 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
        unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
        if (!digits || value > std::numeric_limits<uint32_t>::max())
        {
            std::cerr << "error: --" << option << ": '" << text
                      << "' is not a whole number from 0 to 4294967295\n";
            return false;
        }
        *where = static_cast<uint32_t>(value);
        return true;
    });
}

namespace
{

/// True if the text holds white space (ns-3's stream parsers stop there
/// and then abort on the text left over).
bool
HasSpace(const std::string& text)
{
    return text.find_first_of(" \t\n\r\f\v") != std::string::npos;
}

/**
 * What a checker accepts, for an error message: ns-3's own description,
 * except for Time and floating-point ranges, which ns-3 prints with their
 * type's limits in full ("Time +0ns:+9.22337e+18ns"): those read "a time
 * of at least 0 s" instead. A limit at the type's extreme is no limit.
 */
std::string
DescribeAccepted(Ptr<const AttributeChecker> checker)
{
    const std::string info = checker->GetUnderlyingTypeInformation();
    const std::string::size_type space = info.find(' ');
    const std::string::size_type colon = info.find(':', space);
    if (space == std::string::npos || colon == std::string::npos)
    {
        return info;
    }
    const std::string type = info.substr(0, space);
    const bool isTime = type == "Time";
    if (!isTime && type != "double" && type != "float")
    {
        return info;
    }
    // A limit in ns-3's text: a number, and "ns" for a Time.
    auto limit = [&](std::string text, double& value) {
        if (isTime)
        {
            if (text.size() < 2 || text.compare(text.size() - 2, 2, "ns") != 0)
            {
                return false;
            }
            text.resize(text.size() - 2);
        }
        char* end = nullptr;
        value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0')
        {
            return false;
        }
        value = isTime ? value * 1e-9 : value;
        return true;
    };
    double lower = 0;
    double upper = 0;
    if (!limit(info.substr(space + 1, colon - space - 1), lower) ||
        !limit(info.substr(colon + 1), upper))
    {
        return info;
    }
    // Time's limits are +-9.22e18 ns (9.22e9 s), float's 3.4e38.
    const double extreme = isTime ? 9e9 : 3e38;
    const std::string unit = isTime ? " s" : "";
    auto text = [&](double v) {
        std::ostringstream os;
        os << v << unit;
        return os.str();
    };
    std::string what = isTime ? "a time" : "a number";
    if (lower > -extreme && upper < extreme)
    {
        what += " from " + text(lower) + " to " + text(upper);
    }
    else if (lower > -extreme)
    {
        what += " of at least " + text(lower);
    }
    else if (upper < extreme)
    {
        what += " of at most " + text(upper);
    }
    return isTime ? what + ", with a unit: 500ms, 2s, 1min" : what;
}

/// The TypeId named by the text, if it is registered.
bool
LookUpTypeId(const std::string& text, TypeId& tid)
{
    return !text.empty() && !HasSpace(text) && TypeId::LookupByNameFailSafe(text, &tid);
}

} // namespace

Callback<bool, std::string>
AttributeOption(const std::string& option, const std::string& attributePath)
{
    const std::string::size_type split = attributePath.rfind("::");
    TypeId::AttributeInformation info;
    TypeId tid;
    if (split == std::string::npos ||
        !TypeId::LookupByNameFailSafe(attributePath.substr(0, split), &tid) ||
        !tid.LookupAttributeByName(attributePath.substr(split + 2), &info))
    {
        throw std::invalid_argument("AttributeOption: no attribute " + attributePath);
    }
    Ptr<const AttributeChecker> checker = info.checker;
    return Callback<bool, std::string>([option, attributePath, checker](std::string text) {
        std::string problem;
        Ptr<AttributeValue> value = ParseAttributeText(text, checker, problem);
        if (!value)
        {
            std::cerr << "error: --" << option << ": '" << text << "' is " << problem << " for "
                      << attributePath << " (accepted: " << DescribeAccepted(checker) << ")\n";
            return false;
        }
        Config::SetDefault(attributePath, *value);
        return true;
    });
}

Ptr<AttributeValue>
ParseAttributeText(const std::string& text,
                   Ptr<const AttributeChecker> checker,
                   std::string& problem)
{
    Ptr<AttributeValue> value;
    bool parsed = false;
    const std::string kind = checker->GetValueTypeName();
    if (kind == "ns3::DoubleValue")
    {
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        parsed = !text.empty() && end == text.c_str() + text.size() && std::isfinite(x);
        value = Create<DoubleValue>(x);
    }
    else if (kind == "ns3::UintegerValue")
    {
        parsed = !text.empty() && text.size() <= 19 &&
                 text.find_first_not_of("0123456789") == std::string::npos;
        value = Create<UintegerValue>(parsed ? std::strtoull(text.c_str(), nullptr, 10) : 0);
    }
    else if (kind == "ns3::IntegerValue")
    {
        const std::string digits =
            !text.empty() && (text[0] == '-' || text[0] == '+') ? text.substr(1) : text;
        parsed = !digits.empty() && digits.size() <= 18 &&
                 digits.find_first_not_of("0123456789") == std::string::npos;
        value = Create<IntegerValue>(parsed ? std::strtoll(text.c_str(), nullptr, 10) : 0);
    }
    else if (kind == "ns3::BooleanValue")
    {
        parsed = text == "true" || text == "false" || text == "1" || text == "0";
        value = Create<BooleanValue>(text == "true" || text == "1");
    }
    else if (kind == "ns3::TimeValue")
    {
        double seconds = 0;
        parsed = ParseTimeSeconds(text, seconds) && std::isfinite(seconds) &&
                 std::abs(seconds) <= kMaxOptionSeconds;
        value = Create<TimeValue>(parsed ? Time(text) : Time());
    }
    else if (kind == "ns3::EnumValue")
    {
        // The checker's names, "a|b|c" (EnumChecker::GetUnderlyingTypeInformation).
        std::istringstream names(checker->GetUnderlyingTypeInformation());
        for (std::string name; std::getline(names, name, '|');)
        {
            parsed = parsed || name == text;
        }
        value = checker->Create();
        parsed = parsed && value->DeserializeFromString(text, checker);
    }
    else if (kind == "ns3::TypeIdValue")
    {
        TypeId tid;
        parsed = LookUpTypeId(text, tid);
        value = Create<TypeIdValue>(tid);
    }
    else if (kind == "ns3::PointerValue")
    {
        // An object created by name, as ns-3's PointerValue does (without
        // attributes: ObjectFactory aborts on an unknown one).
        TypeId tid;
        const auto* pointer = dynamic_cast<const PointerChecker*>(PeekPointer(checker));
        parsed = LookUpTypeId(text, tid) && pointer &&
                 (tid == pointer->GetPointeeTypeId() || tid.IsChildOf(pointer->GetPointeeTypeId()));
        value = checker->Create();
        parsed = parsed && value->DeserializeFromString(text, checker);
    }
    else if (kind == "ns3::StringValue")
    {
        value = checker->Create();
        parsed = value->DeserializeFromString(text, checker);
    }
    else
    {
        value = checker->Create();
        parsed = !text.empty() && !HasSpace(text) && value->DeserializeFromString(text, checker);
    }
    if (!parsed || !checker->Check(*value))
    {
        problem = parsed ? "out of range" : "not a valid value";
        return nullptr;
    }
    return value;
}

namespace
{
/// "ns3::Class::Attribute" -> value text of each class Attribute default
/// CheckAttributeArguments saw: given, even if equal to the registered value.
std::map<std::string, std::string>&
GivenAttributeDefaults()
{
    static std::map<std::string, std::string> given;
    return given;
}

/**
 * Check one default a user gave: a class Attribute ("ns3::Class::Attribute")
 * or a GlobalValue; any other name is left to the program.
 * \param name the name as given
 * \param text the value as given
 * \param what how the user wrote it, for the error
 * \throws std::invalid_argument as CheckAttributeArguments
 */
void
CheckAttributeSetting(const std::string& name, const std::string& text, const std::string& what)
{
    Ptr<const AttributeChecker> checker;
    std::string target;
    const std::string::size_type split = name.rfind("::");
    if (split != std::string::npos)
    {
        const std::string className = name.substr(0, split);
        const std::string attribute = name.substr(split + 2);
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(className, &tid))
        {
            throw std::invalid_argument(what + ": no class " + className +
                                        " in this program (--PrintTypeIds lists them)");
        }
        for (uint32_t j = 0; j < tid.GetAttributeN(); ++j)
        {
            if (tid.GetAttribute(j).name == attribute)
            {
                checker = tid.GetAttribute(j).checker;
            }
        }
        if (!checker)
        {
            // ns-3's root TypeId is its own parent.
            std::string where;
            for (TypeId parent = tid; where.empty() && parent.GetParent() != parent;)
            {
                parent = parent.GetParent();
                for (uint32_t j = 0; j < parent.GetAttributeN(); ++j)
                {
                    if (parent.GetAttribute(j).name == attribute)
                    {
                        where = parent.GetName();
                    }
                }
            }
            throw std::invalid_argument(what + ": " + className + " has no Attribute " + attribute +
                                        (where.empty()
                                             ? " (--PrintAttributes=" + className + " lists them)"
                                             : "; it is an Attribute of its parent class " + where +
                                                   ": set --" + where + "::" + attribute));
        }
        target = name;
        GivenAttributeDefaults()[name] = text;
    }
    else
    {
        for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
        {
            if ((*it)->GetName() == name)
            {
                checker = (*it)->GetChecker();
            }
        }
        if (!checker)
        {
            return; // a program option: the program checks it
        }
        target = "the global value " + name;
    }
    std::string problem;
    if (!ParseAttributeText(text, checker, problem))
    {
        throw std::invalid_argument(what + ": '" + text + "' is " + problem + " for " + target +
                                    " (accepted: " + DescribeAccepted(checker) + ")");
    }
}
} // namespace

void
CheckAttributeArguments(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
    {
        // As ns-3's CommandLine reads an argument: "--name=value" or
        // "-name=value"; anything else is not an option.
        std::string argument = argv[i];
        if (argument.rfind('-', 0) != 0)
        {
            continue;
        }
        argument = argument.substr(argument.rfind("--", 0) == 0 ? 2 : 1);
        const std::string::size_type equals = argument.find('=');
        const std::string name = argument.substr(0, equals);
        const std::string text = equals == std::string::npos ? "" : argument.substr(equals + 1);
        CheckAttributeSetting(name, text, "--" + name);
    }
    // ns-3 reads this variable when it constructs each object; unchecked, a
    // bad value aborts inside ns-3 or is ignored without a word.
    const char* env = std::getenv("NS_ATTRIBUTE_DEFAULT");
    std::istringstream entries(env ? env : "");
    std::string entry;
    while (std::getline(entries, entry, ';'))
    {
        if (entry.empty())
        {
            continue;
        }
        const std::string::size_type equals = entry.find('=');
        const std::string name = entry.substr(0, equals);
        const std::string what = "NS_ATTRIBUTE_DEFAULT entry '" + entry + "'";
        if (equals == std::string::npos || name.find("::") == std::string::npos)
        {
            throw std::invalid_argument(what + ": expected ns3::Class::Attribute=value");
        }
        CheckAttributeSetting(name, entry.substr(equals + 1), what);
    }
}

std::map<std::string, std::string>
GetGivenAttributeDefaults()
{
    return GivenAttributeDefaults();
}

void
RefuseOwnedAttributeDefaults(const std::vector<OwnedAttribute>& owned)
{
    for (const OwnedAttribute& entry : owned)
    {
        TypeId tid;
        TypeId::AttributeInformation info;
        if (!TypeId::LookupByNameFailSafe(entry.typeName, &tid))
        {
            continue;
        }
        if (!tid.LookupAttributeByName(entry.attribute, &info))
        {
            throw std::logic_error("RefuseOwnedAttributeDefaults: no Attribute " + entry.typeName +
                                   "::" + entry.attribute);
        }
        const std::string given = info.initialValue->SerializeToString(info.checker);
        if (given != info.originalInitialValue->SerializeToString(info.checker) ||
            GivenAttributeDefaults().count(entry.typeName + "::" + entry.attribute) > 0)
        {
            const std::string what = "--" + entry.typeName + "::" + entry.attribute + "=" + given;
            if (entry.option.empty())
            {
                throw std::invalid_argument(what + ": not accepted: " + entry.reason);
            }
            throw std::invalid_argument(what + ": this program sets " + entry.attribute +
                                        " from its option " + entry.option +
                                        ", which would override this default; give " +
                                        entry.option + " instead");
        }
    }
}

} // namespace r3d
} // namespace ns3
