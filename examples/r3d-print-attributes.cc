/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-print-attributes: the Attributes and trace sources of every r3d class
// (every TypeId of group "R3d"), as reStructuredText: the source of
// doc/r3d-attributes.rst, which CTest keeps equal to this program's output.
//
//   r3d-print-attributes > doc/r3d-attributes.rst
//   r3d-print-attributes --check=doc/r3d-attributes.rst   # exit 1 if it differs
//
// The learning library (the PPO agent, LibTorch) is loaded first so that its
// classes are listed; a build without LibTorch lists the rest and says so.
// ns-3 prints the same facts for one class with --PrintAttributes=TYPEID and
// --PrintTraceSources; this gathers them for the whole module in one page.

#include "ns3/agent-library.h"
#include "ns3/command-line.h"
#include "ns3/option-values.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// reStructuredText section underline of the length of the title.
std::string
Underline(const std::string& title, char c)
{
    return title + "\n" + std::string(title.size(), c) + "\n";
}

/// One line of help text as rst: no trailing period doubled, never empty.
std::string
Help(const std::string& help)
{
    std::string h = help.empty() ? "(no description)" : help;
    if (h.back() != '.')
    {
        h += ".";
    }
    return h;
}

/// Access flags as ns-3's documentation names them.
std::string
Flags(uint32_t flags)
{
    std::vector<std::string> names;
    if (flags & TypeId::ATTR_CONSTRUCT)
    {
        names.emplace_back("construct");
    }
    if (flags & TypeId::ATTR_SET)
    {
        names.emplace_back("set");
    }
    if (flags & TypeId::ATTR_GET)
    {
        names.emplace_back("get");
    }
    std::string s;
    for (const auto& n : names)
    {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

/// "Title: none of its own." or "Title:" and the rst bullet items.
void
PrintList(std::ostream& os, const std::string& title, const std::vector<std::string>& items)
{
    os << "\n" << title << ":";
    if (items.empty())
    {
        os << " none of its own.\n";
        return;
    }
    os << "\n\n";
    for (const auto& item : items)
    {
        os << item << "\n";
    }
}

/// The page for the TypeIds given, sorted by name.
std::string
Page(std::vector<TypeId> tids, bool learningLoaded)
{
    std::sort(tids.begin(), tids.end(), [](TypeId a, TypeId b) {
        return a.GetName() < b.GetName();
    });
    std::ostringstream os;
    os << ".. This file is written by r3d-print-attributes; do not edit it.\n"
          ".. CTest (r3d-attributes-up-to-date) checks it is that program's output.\n\n"
       << "Every class of the module that has a ``TypeId`` (group ``R3d``), with\n"
          "the Attributes and trace sources it defines (those of its parent\n"
          "classes are listed under the parent, or in ns-3's documentation). Set\n"
          "an Attribute with ``Config::SetDefault(\"ns3::Class::Name\", ...)``, on\n"
          "the command line with ``--ns3::Class::Name=...``, or on a helper's\n"
          "``Set...`` method; connect a trace source with\n"
          "``TraceConnectWithoutContext`` or ``Config::Connect``.\n";
    if (!learningLoaded)
    {
        os << "\nThis build has no LibTorch: ``ns3::PpoAgent`` is not listed.\n";
    }
    for (const TypeId& tid : tids)
    {
        os << "\n" << Underline("``" + tid.GetName() + "``", '~') << "\n";
        os << "Parent: ``" << tid.GetParent().GetName() << "``.";
        if (!tid.HasConstructor())
        {
            os << " Abstract (not created by name).";
        }
        os << "\n";
        std::vector<std::string> attributes;
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            if (info.supportLevel == TypeId::OBSOLETE)
            {
                continue;
            }
            std::string line = "* ``" + info.name + "``";
            std::string initial =
                info.initialValue ? info.initialValue->SerializeToString(info.checker) : "";
            std::string type = info.checker ? info.checker->GetUnderlyingTypeInformation() : "";
            line += " (" + (type.empty() ? std::string() : "``" + type + "``, ") + "initial ``" +
                    (initial.empty() ? std::string("\"\"") : initial) + "``, " + Flags(info.flags) +
                    "): " + Help(info.help);
            attributes.push_back(line);
        }
        PrintList(os, "Attributes", attributes);
        std::vector<std::string> traces;
        for (std::size_t i = 0; i < tid.GetTraceSourceN(); ++i)
        {
            TypeId::TraceSourceInformation info = tid.GetTraceSource(i);
            if (info.supportLevel == TypeId::OBSOLETE)
            {
                continue;
            }
            traces.push_back("* ``" + info.name + "`` (``" + info.callback +
                             "``): " + Help(info.help));
        }
        PrintList(os, "Trace sources", traces);
    }
    return os.str();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string check;
    CommandLine cmd(__FILE__);
    cmd.Usage("Prints the Attributes and trace sources of every r3d class as "
              "reStructuredText (doc/r3d-attributes.rst).");
    r3d::AddValue(cmd,
                  "check",
                  "compare with this file instead of printing: exit 1 and show the "
                  "first difference if it is not this program's output",
                  check);
    cmd.Parse(argc, argv);

    std::string error;
    bool learning = r3d::LoadAgentLibrary(error);

    std::vector<TypeId> tids;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid.GetGroupName() == "R3d")
        {
            tids.push_back(tid);
        }
    }
    std::string page = Page(tids, learning);

    if (check.empty())
    {
        std::cout << page;
        return 0;
    }
    std::ifstream in(check);
    if (!in)
    {
        std::cerr << "r3d-print-attributes: --check: cannot read '" << check << "'\n";
        return 1;
    }
    std::stringstream file;
    file << in.rdbuf();
    if (file.str() == page)
    {
        return 0;
    }
    std::istringstream a(file.str());
    std::istringstream b(page);
    std::string la;
    std::string lb;
    for (int line = 1;; ++line)
    {
        bool ga = static_cast<bool>(std::getline(a, la));
        bool gb = static_cast<bool>(std::getline(b, lb));
        if (!ga && !gb)
        {
            break;
        }
        if (!ga || !gb || la != lb)
        {
            std::cerr << check << ":" << line << ": differs from the classes' TypeIds\n"
                      << "  file:    " << (ga ? la : "(end of file)") << "\n"
                      << "  program: " << (gb ? lb : "(end of output)") << "\n"
                      << "regenerate it: r3d-print-attributes > " << check << "\n";
            break;
        }
    }
    return 1;
}
