/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_OPTION_VALUES_H
#define R3D_OPTION_VALUES_H

#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/command-line.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief Longest time, in seconds, a program accepts for any time option
 *        (simulated time, intervals, timeouts, delays, failure times):
 *        ns-3's Time holds about 9.2e9 s at its default nanosecond
 *        resolution and aborts beyond it, so values are refused well before.
 */
constexpr double kMaxOptionSeconds = 1e9;

/**
 * \ingroup r3d
 * \brief Parse a time as ns-3's Time(std::string) does ("20ms", "1.5s",
 *        "2min", or a plain number of seconds), without its abort on bad
 *        text (ns-3.37 calls NS_FATAL_ERROR for an unknown unit).
 * \param text the option's value
 * \param[out] seconds the time, s (set only on success)
 * \return false if the text is not a number followed by nothing or by one of
 *         ns-3's units: y, d, h, min, s, ms, us, ns, ps, fs
 */
bool ParseTimeSeconds(const std::string& text, double& seconds);

/**
 * \ingroup r3d
 * \brief Parse a data rate as ns-3's DataRate does ("1Gbps", "100Mb/s",
 *        "10MB/s"), through DataRateValue::DeserializeFromString, which
 *        reports bad text instead of aborting like DataRate(std::string).
 * \param text the option's value
 * \param[out] bitsPerSecond the rate, bit/s (set only on success)
 * \return false if ns-3 cannot parse it
 */
bool ParseBitRate(const std::string& text, double& bitsPerSecond);

/**
 * \ingroup r3d
 * \brief Parse an amount of memory for models: bytes with a unit ("1GB",
 *        "512MB", "2GiB", "800kB", "1e9B") or, as a plain number in (0, 1],
 *        a share of what the scenario's models take in memory ("0.25").
 * \param text the option's value
 * \param[out] bytes the amount, bytes (0 when a share was given)
 * \param[out] share the share (0 when bytes were given)
 * \return false if the text is neither a positive number with one of the
 *         units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB nor a number in (0, 1]
 */
bool ParseMemoryAmount(const std::string& text, double& bytes, double& share);

/**
 * \ingroup r3d
 * \brief Read a program option's whole text as a string, or say why not.
 *
 * ns-3.37's CommandLine reads a program value with operator>> and ignores
 * what is left: "--simTime=500ms" runs 500 s, "--zipf=1x" is 1, and
 * "--output=my results.json" writes "my". This and the number version
 * below read the whole text instead. A string takes it as it is, blanks
 * included; empty is refused, as ns-3 refuses it, so "--output=$UNSET" is
 * not "no output" (prints "error: --NAME: empty (...)" to stderr).
 *
 * \param option the option's name, without "--"
 * \param text the text after "="
 * \param[out] value the text (unchanged on failure)
 * \return false if the text is empty; CommandLine then exits with status 1
 */
bool ParseOptionValue(const std::string& option, const std::string& text, std::string& value);

/**
 * \ingroup r3d
 * \brief Read a program option's whole text as a number, or say why not.
 *
 * The number must be the whole text (white space around it aside), an
 * unsigned one without a sign (operator>> reads "-1" into an unsigned type
 * as its largest value). On bad text it prints "error: --NAME: 'TEXT' is
 * not a number (a plain number such as 2 or 0.5, no unit)" (or "a whole
 * number") to stderr.
 *
 * \tparam T double, int32_t, uint32_t, int64_t or uint64_t (instantiated in
 *         option-values.cc)
 * \param option the option's name, without "--"
 * \param text the text after "="
 * \param[out] value the value read (unchanged on failure)
 * \return false on bad text; CommandLine then exits with status 1
 */
template <typename T>
bool ParseOptionValue(const std::string& option, const std::string& text, T& value);

extern template bool ParseOptionValue(const std::string&, const std::string&, double&);
extern template bool ParseOptionValue(const std::string&, const std::string&, int32_t&);
extern template bool ParseOptionValue(const std::string&, const std::string&, uint32_t&);
extern template bool ParseOptionValue(const std::string&, const std::string&, int64_t&);
extern template bool ParseOptionValue(const std::string&, const std::string&, uint64_t&);

/**
 * \ingroup r3d
 * \brief CommandLine::AddValue for a program option, read whole
 *        (ParseOptionValue) instead of up to its first blank or its first
 *        character that is not part of a number.
 *
 * The help text shows the default as ns-3 shows it (operator<< of the
 * value). A bool is left to ns-3, whose parser already refuses anything
 * but true, false, 1 and 0.
 *
 * \tparam T std::string, bool, double, or a 32- or 64-bit integer
 * \param cmd the program's CommandLine
 * \param name the option's name, without "--"
 * \param help the help text
 * \param target where the value goes (must outlive the CommandLine)
 */
template <typename T>
void
AddValue(CommandLine& cmd, const std::string& name, const std::string& help, T& target)
{
    if constexpr (std::is_same_v<T, bool>)
    {
        cmd.AddValue(name, help, target);
    }
    else
    {
        std::ostringstream shown;
        shown << target;
        T* where = &target;
        cmd.AddValue(name,
                     help,
                     Callback<bool, std::string>([name, where](std::string text) {
                         return ParseOptionValue(name, text, *where);
                     }),
                     shown.str());
    }
}

/**
 * \ingroup r3d
 * \brief A CommandLine callback for a count option (uint32_t): accepts only
 *        decimal digits, at most 4294967295. ns-3's own parsing of an
 *        unsigned option turns "-1" into 4294967295 silently.
 *
 * On bad text it prints "error: --NAME: 'TEXT' is not a whole number from 0
 * to 4294967295" to stderr and returns false, and CommandLine then exits
 * with status 1.
 *
 * \param option the option's name, without "--"
 * \param target where the parsed value goes (must outlive the CommandLine)
 * \return the callback for CommandLine::AddValue(name, help, callback, default)
 */
Callback<bool, std::string> CountOption(const std::string& option, uint32_t& target);

/**
 * \ingroup r3d
 * \brief A CommandLine callback for a short option that sets an Attribute's
 *        default (as cmd.AddValue(name, "ns3::Class::Attribute") does), but
 *        parses the value itself: a double must be a finite number, an
 *        unsigned integer decimal digits, an integer optional sign and
 *        digits, a boolean true/false/1/0; then the attribute's checker
 *        checks its range. ns-3.37's own parsing aborts on "abc" for a
 *        double attribute (DoubleValue::DeserializeFromString).
 *
 * On bad text it prints "error: --NAME: 'TEXT' is not ... for
 * ns3::Class::Attribute (accepted: CHECKER INFO)" to stderr and returns
 * false (CommandLine then exits with status 1); on good text it calls
 * Config::SetDefault.
 * \param option the option's name, without dashes (for messages)
 * \param attributePath "ns3::Class::Attribute"
 * \return the callback for CommandLine::AddValue
 * \throws std::invalid_argument if the class or attribute does not exist
 */
Callback<bool, std::string> AttributeOption(const std::string& option,
                                            const std::string& attributePath);

/**
 * \ingroup r3d
 * \brief Parse an Attribute's value from text strictly, without ns-3.37's
 *        aborts: its DeserializeFromString aborts on trailing text ("abc" or
 *        "1 2" for an integer, ATTRIBUTE_VALUE_IMPLEMENT_WITH_NAME), on an
 *        unknown Time unit (NS_FATAL_ERROR), on an unknown enum name (an
 *        assertion compiled out of Debian's release build, which then reads
 *        past the list) and on an unknown TypeId in a Pointer or TypeId value.
 *
 * Accepted: Double a finite number; Uinteger decimal digits; Integer an
 * optional sign and digits; Boolean true/false/1/0; Time a number and one of
 * ns-3's units (or none: seconds), finite and at most kMaxOptionSeconds in
 * magnitude; Enum one of the checker's names; TypeId and Pointer a
 * registered TypeId name (Pointer: a subclass of the pointee, and no
 * "[attributes]" part); String anything; any other value type text without
 * white space, parsed by ns-3. Then the checker checks the range.
 * \param text the value as written on the command line
 * \param checker the Attribute's (or global value's) checker
 * \param[out] problem why the text was refused: "not a valid value" or
 *        "out of range" (the checker's GetUnderlyingTypeInformation says
 *        what it accepts)
 * \return the value, or null if refused
 */
Ptr<AttributeValue> ParseAttributeText(const std::string& text,
                                       Ptr<const AttributeChecker> checker,
                                       std::string& problem);

/**
 * \ingroup r3d
 * \brief Check every ns-3 attribute argument of a command line before
 *        ns-3's CommandLine sees it: "--ns3::Class::Attribute=value" (a
 *        default, as CommandLine sets it) and "--Global=value" for ns-3's
 *        global values (RngRun, RngSeed, SchedulerType, ...). Program options
 *        are left to the program.
 *
 * Checked: the class is registered, it declares the Attribute itself
 * (ns-3's Config::SetDefault does not look in parent classes: the message
 * names the parent that does), the Attribute can be set at construction,
 * and the value parses (ParseAttributeText). The entries of the
 * NS_ATTRIBUTE_DEFAULT environment variable ("ns3::Class::Attribute=value",
 * separated by ';'), which ns-3 applies as it constructs each object, get
 * the same checks (without them a bad value aborts inside ns-3 or is
 * ignored). The class Attributes given are remembered for
 * RefuseOwnedAttributeDefaults and GetGivenAttributeDefaults.
 * \param argc argument count
 * \param argv arguments (argv[0] is the program)
 * \throws std::invalid_argument naming the argument (or environment entry),
 *         the Attribute and what it accepts
 */
void CheckAttributeArguments(int argc, char** argv);

/**
 * \ingroup r3d
 * \brief The class Attribute defaults the user gave, as CheckAttributeArguments
 *        saw them: "--ns3::Class::Attribute=value" arguments, then the entries
 *        of the NS_ATTRIBUTE_DEFAULT environment variable (a later one for the
 *        same name replaces an earlier one).
 * \return "ns3::Class::Attribute" -> the value's text as given; empty if
 *         CheckAttributeArguments was not called
 */
std::map<std::string, std::string> GetGivenAttributeDefaults();

/**
 * \ingroup r3d
 * \brief An Attribute a program sets itself from one of its own options,
 *        so that a default the user gives for it would be overridden.
 */
struct OwnedAttribute
{
    std::string typeName;  //!< registered class, e.g. "ns3::InferenceClient"
    std::string attribute; //!< Attribute declared by that class
    std::string option;    //!< the program's option that sets it, e.g. "--rate"
    std::string reason;    //!< when no option sets it: why no value is accepted
};

/**
 * \ingroup r3d
 * \brief Refuse a user's default for an Attribute the program sets itself.
 *
 * A default counts as the user's when CheckAttributeArguments saw it as a
 * "--ns3::Class::Attribute=value" argument (even one equal to the
 * registered value), or when the Attribute's initial value no longer
 * serializes as the value its class registered (NS_ATTRIBUTE_DEFAULT,
 * Config::SetDefault). Without this check the program's own value would
 * silently win. Entries whose class this build lacks (R3dPolicy without
 * LibTorch) are skipped.
 * \param owned the Attributes the program sets, each with its option
 * \throws std::invalid_argument naming the first such Attribute, the value
 *         given and the option to use instead (or the reason)
 * \throws std::logic_error if an entry names an Attribute its class does not
 *         have (a programming error)
 */
void RefuseOwnedAttributeDefaults(const std::vector<OwnedAttribute>& owned);

} // namespace r3d
} // namespace ns3

#endif /* R3D_OPTION_VALUES_H */
