/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEMAND_PROFILE_H
#define R3D_DEMAND_PROFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief How a client's request rate varies over time: a factor whose mean
 *        over a period is 1, so that the profile changes when requests come
 *        and never how many come on average.
 *
 * Shapes (the spec string in parentheses, times in seconds):
 * - constant ("constant"): factor 1;
 * - diurnal sine ("sine:PERIOD:DEPTH"): 1 + DEPTH * sin(2 pi t / PERIOD),
 *   0 <= DEPTH <= 1;
 * - on/off bursts ("onoff:ON:OFF"): (ON + OFF) / ON during the first ON
 *   seconds of every ON + OFF, 0 during the OFF seconds that follow.
 *
 * A client draws a Poisson process at Rate * MaxFactor and keeps each
 * arrival with probability Factor(t) / MaxFactor (thinning, Lewis and
 * Shedler 1979), which yields a Poisson process of rate Rate * Factor(t).
 */
struct RateProfile
{
    /// The shape.
    enum Shape
    {
        CONSTANT, //!< factor 1
        SINE,     //!< 1 + depth sin(2 pi t / period)
        ON_OFF    //!< (on + off) / on during on, 0 during off
    };

    Shape shape{CONSTANT}; //!< shape
    double period{0};      //!< SINE: period, s
    double depth{0};       //!< SINE: relative amplitude, 0..1
    double on{0};          //!< ON_OFF: on time, s
    double off{0};         //!< ON_OFF: off time, s

    /**
     * \brief Parse a spec ("constant", "sine:PERIOD:DEPTH", "onoff:ON:OFF").
     * \param spec the spec
     * \return the profile
     * \throws std::invalid_argument naming the part that is wrong (unknown
     *         shape, wrong number of fields, a period or on time that is not
     *         a positive number, a depth outside 0..1, a negative off time)
     */
    static RateProfile Parse(const std::string& spec);

    /**
     * \param t time since the start, s
     * \return the rate factor at \p t (>= 0)
     */
    double Factor(double t) const;

    /// \return the largest Factor over time (the thinning bound)
    double MaxFactor() const;

    /// \return true if the factor is 1 at all times
    bool IsConstant() const;
};

/**
 * \ingroup r3d
 * \brief Zipf popularity: the share of requests of the model of each rank.
 *
 * share(r) = r^-S / sum_{k=1..n} k^-S for ranks r = 1..n (Zipf's law; S = 0
 * is uniform, S around 0.6-1 is what studies of content and service
 * popularity report).
 * \param n number of models (> 0)
 * \param exponent S >= 0
 * \return n shares, by rank (most popular first), summing to 1
 * \throws std::invalid_argument if n is 0 or S is negative or not finite
 */
std::vector<double> ZipfShares(uint32_t n, double exponent);

} // namespace ns3

#endif /* R3D_DEMAND_PROFILE_H */
