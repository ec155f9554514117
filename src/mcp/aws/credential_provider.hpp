// credential_provider: the credentials a client signs with, fetched from a source (STS, the container
// endpoint, EC2 instance metadata: credential_chain.hpp) and cached until shortly before they expire. Not a
// source itself and not the choice of one (credential_chain.hpp); fixed keys are a provider that never
// fetches.
//
//   get() --> cached and fresh (now < Expiration - refresh_before, or no Expiration) ------------> cached
//         --> cached, in the refresh window, still valid (now < Expiration): starts one refresh
//             in the background (unless one runs, or the last failed less than retry_after ago) --> cached
//         --> nothing valid cached: joins the one fetch under way, or starts it ---> its credentials
//                                                                                    or its error
//
// Invariants:
//  - At most one fetch runs at a time per provider, whatever the number of callers, coroutines and threads:
//    concurrent callers share its outcome (no thundering herd on STS or the metadata service).
//  - A failed refresh never replaces credentials that are still valid: callers keep them (the failure is
//    logged, and no new fetch starts before retry_after), and they see the error only once those expired.
//  - A fetch runs as a coroutine of its own on the executor of the caller that started it, so a caller that
//    gives up does not cancel it for the others. That executor's context must outlive the fetch.
//  - Secrets never appear in errors or logs: describe() and redacted() print the key id masked, no more.
#pragma once

#include <mcp/aws/credentials.hpp>
#include <mcp/aws/error.hpp>
#include <mcp/core/task.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace mcp::aws {

// One fetch from a source: new credentials (with their expiration when temporary) or why not. Called by one
// coroutine at a time; may suspend.
using credential_fetch = std::function<task<result<credentials>>()>;

struct refresh_options {
    // Temporary credentials are fetched anew this long before their Expiration (the SDKs' 5 minutes).
    std::chrono::seconds refresh_before{300};
    // No refresh starts in the background sooner than this after the last fetch ended, so that a failing
    // source, or one handing out credentials that live less than refresh_before, is not asked on every call.
    // (A caller with no valid credentials cached always fetches.)
    std::chrono::seconds retry_after{10};
    // The wall clock expirations are compared with (tests move it).
    std::function<std::chrono::system_clock::time_point()> clock = [] {
        return std::chrono::system_clock::now();
    };
};

// A handle: copies share one cache. Thread-safe.
class credential_provider {
public:
    // No credentials: get() fails with missing_configuration.
    credential_provider() = default;
    // Fixed credentials (long-term keys, tests): get() returns them, never fetches. Implicit, so that
    // `options.credentials = credentials{...}` reads as it did. Without a key id or a secret: no credentials.
    credential_provider(credentials fixed); // NOLINT(google-explicit-constructor)
    // The same, naming where they came from ("environment variables").
    credential_provider(credentials fixed, std::string source);
    // Credentials fetched by `fetch`, cached and refreshed as described above. `source` names where they come
    // from, for messages ("container endpoint http://169.254.170.2/v2/credentials/...").
    credential_provider(std::string source, credential_fetch fetch, refresh_options o = {});

    // The current credentials. Suspends only when it must wait for a fetch; any number of callers at once.
    // Errors: those of the fetch (their message names the source and what to fix), missing_configuration
    // for a default-constructed provider.
    task<result<credentials>> get() const;

    // For logs: where the credentials come from, and the cached key id masked (redacted()), if any.
    std::string describe() const;

    explicit operator bool() const { return state_ != nullptr; }

    struct state;

private:
    std::shared_ptr<state> state_;
};

} // namespace mcp::aws
