// When --freeze stops and resumes a copy's process: every combination of the three facts.
#include <lambda_emulator/freeze.hpp>

#include <gtest/gtest.h>

namespace lambda_emulator {
namespace {

TEST(Freeze, StopsAParkedProcessWhenEnabled) {
    EXPECT_EQ(freeze_action_for({.enabled = true, .parked = true, .frozen = false}), freeze_action::stop);
}

TEST(Freeze, NeverStopsWhenDisabled) {
    EXPECT_EQ(freeze_action_for({.enabled = false, .parked = true, .frozen = false}), freeze_action::none);
    EXPECT_EQ(freeze_action_for({.enabled = false, .parked = false, .frozen = false}), freeze_action::none);
}

TEST(Freeze, NeverStopsAProcessThatIsNotParked) {
    EXPECT_EQ(freeze_action_for({.enabled = true, .parked = false, .frozen = false}), freeze_action::none);
}

TEST(Freeze, ResumesAFrozenProcessThatIsNoLongerParked) {
    EXPECT_EQ(freeze_action_for({.enabled = true, .parked = false, .frozen = true}), freeze_action::resume);
}

TEST(Freeze, ResumesEvenWhenTheOptionIsOff) {
    EXPECT_EQ(freeze_action_for({.enabled = false, .parked = false, .frozen = true}), freeze_action::resume);
}

TEST(Freeze, LeavesAFrozenParkedProcessAlone) {
    EXPECT_EQ(freeze_action_for({.enabled = true, .parked = true, .frozen = true}), freeze_action::none);
    EXPECT_EQ(freeze_action_for({.enabled = false, .parked = true, .frozen = true}), freeze_action::none);
}

// Applying the decision and asking again gives none: the caller may ask at every change without tracking
// more.
TEST(Freeze, IsIdempotentOnceApplied) {
    for (bool enabled : {false, true}) {
        for (bool parked : {false, true}) {
            for (bool frozen : {false, true}) {
                auto action = freeze_action_for({enabled, parked, frozen});
                bool now_frozen =
                    action == freeze_action::stop || (frozen && action != freeze_action::resume);
                EXPECT_EQ(freeze_action_for({enabled, parked, now_frozen}), freeze_action::none)
                    << enabled << parked << frozen;
                EXPECT_FALSE(now_frozen && !parked) << "stopped while not parked: " << enabled << frozen;
            }
        }
    }
}

} // namespace
} // namespace lambda_emulator
