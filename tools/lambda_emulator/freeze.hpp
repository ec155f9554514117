// When a copy's process is stopped and resumed (--freeze): Lambda freezes an execution environment whose
// runtime waits in GET /runtime/invocation/next with no invocation to give it, and thaws it when it hands one
// over, so a function's timers and background work stop between invocations. The emulator does the same with
// SIGSTOP and SIGCONT to the copy's process group (process.hpp).
//
// Lambda developer guide, "Understanding the Lambda execution environment lifecycle"
// (lambda-runtime-environment): Lambda freezes the environment when the runtime and each extension have
// completed (asked for their next event) and there are no pending events.
//
// A pure decision: copy::apply_freeze() asks it at every change of the copy's "parked" fact and is the only
// place that sends the signals. Invariants it keeps:
// - Stopped only while parked: the process asked /next and the copy has no invocation for it. A copy is
//   parked only in state ready, after the pool had its chance to assign an invocation at once (then it is
//   never stopped at all).
// - Resumed before anything else happens to it: assign() resumes before it wakes the /next waiter, so the
//   answer is written to a running process; kill() resumes before its signal, so SIGTERM reaches a handler.
// - Resuming does not depend on the option: a frozen process is always resumed. Asking twice changes nothing.
//
// Not for: freezing extensions (the emulator runs none), or freezing a process after it answered but before
// it asks /next (Lambda lets it run then, and so does the emulator).
#pragma once

namespace lambda_emulator {

enum class freeze_action { none, stop, resume };

struct freeze_facts {
    bool enabled = false; // --freeze
    bool parked = false;  // the process waits in /next and the copy has no invocation for it
    bool frozen = false;  // it was stopped and not resumed since
};

constexpr freeze_action freeze_action_for(freeze_facts f) {
    if (f.frozen)
        return f.parked ? freeze_action::none : freeze_action::resume;
    return f.enabled && f.parked ? freeze_action::stop : freeze_action::none;
}

} // namespace lambda_emulator
