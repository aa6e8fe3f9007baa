/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The main of the fuzz targets in builds without libFuzzer: runs every
// input it is given once through LLVMFuzzerTestOneInput, so that CTest
// replays the committed corpora in every build (cmake/r3d-fuzz.cmake). A
// crash, an abort or an escaped exception ends the process and fails the
// test; the inputs run in name order, and each is named before it runs so
// that the failing one is the last line printed with --verbose.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

/**
 * \brief The fuzz target's entry point (one per fuzz/<name>-fuzzer.cc).
 * \param data the input
 * \param size its length
 * \return 0
 */
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace
{

/**
 * \brief Run one input file.
 * \param path the file
 * \param verbose print its name first
 * \return whether it could be read
 */
bool
RunFile(const std::filesystem::path& path, bool verbose)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        std::cerr << "r3d-fuzz-replay: cannot read " << path.string() << "\n";
        return false;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (verbose)
    {
        std::cout << "r3d-fuzz-replay: " << path.string() << " (" << bytes.size() << " bytes)"
                  << std::endl;
    }
    // A copy of exactly the input's length, so that AddressSanitizer (when
    // built with it) sees a read past its end.
    std::vector<uint8_t> input(bytes.begin(), bytes.end());
    uint8_t* data = input.empty() ? nullptr : input.data();
    LLVMFuzzerTestOneInput(data, input.size());
    return true;
}

} // namespace

/**
 * \brief Replay files and folders of inputs.
 * \param argc argument count
 * \param argv [--verbose] PATH...: files, or folders whose regular files
 *        are all run
 * \return 0 if every input ran, 1 if a path could not be read or none was
 *         given
 */
int
main(int argc, char** argv)
{
    bool verbose = false;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--verbose") == 0)
        {
            verbose = true;
        }
        else
        {
            paths.emplace_back(argv[i]);
        }
    }
    if (paths.empty())
    {
        std::cerr << "usage: " << argv[0] << " [--verbose] FILE_OR_FOLDER...\n";
        return 1;
    }
    uint64_t count = 0;
    for (const std::string& path : paths)
    {
        std::error_code error;
        if (std::filesystem::is_directory(path, error))
        {
            std::vector<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::directory_iterator(path))
            {
                if (entry.is_regular_file())
                {
                    files.push_back(entry.path());
                }
            }
            std::sort(files.begin(), files.end());
            if (files.empty())
            {
                std::cerr << "r3d-fuzz-replay: " << path << ": no input files\n";
                return 1;
            }
            for (const auto& file : files)
            {
                if (!RunFile(file, verbose))
                {
                    return 1;
                }
                ++count;
            }
        }
        else
        {
            if (!RunFile(path, verbose))
            {
                return 1;
            }
            ++count;
        }
    }
    std::cout << "r3d-fuzz-replay: " << count << " inputs ran without a crash" << std::endl;
    return 0;
}
