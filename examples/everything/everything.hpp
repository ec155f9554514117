// everything: the server the official MCP conformance suite (server scenarios) runs against. Every tool,
// resource, prompt and completion the suite calls is here, with the names and payloads its checks assert.
//
// Not for: a quick start (see examples/hello). Its files split by concept: tools.cpp, resources.cpp,
// prompts.cpp, tasks.cpp, lists.cpp, rounds.cpp.
#pragma once

#include <mcp/mcp.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

namespace everything {

// A 1x1 red pixel, PNG, base64.
inline constexpr std::string_view red_pixel_png =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

// 10 ms of a 440 Hz tone, WAV (PCM, 8 kHz, 8-bit, mono), base64.
inline constexpr std::string_view tone_wav = "UklGRnQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YVAAAACAob/"
                                             "W4uLXwqSDYUIrHhwmO1h5m7rS4OPaxqqJZ0cvHxwkN1Jz"
                                             "lbXP3+Pcy7CPbU0yIRwhMk1tj7DL3OPfz7WVc1I3JBwfL0dniarG2uPg0g==";

// The contents tools embed; they are also readable as resources under the same URIs.
mcp::resource_contents embedded_resource_contents();      // test://embedded-resource
mcp::resource_contents mixed_content_resource_contents(); // test://mixed-content-resource

void add_tools(mcp::server& srv);
void add_resources(mcp::server& srv);
void add_prompts(mcp::server& srv);
void add_task_tools(mcp::server& srv); // tasks.cpp: tools that run as MCP tasks
void add_modern_task_tools(mcp::server& srv); // tasks_modern.cpp: the 2026-07-28 tasks extension's scenarios
void add_list_tools(mcp::server& srv); // lists.cpp: switching tools on every instance (list_mode::dynamic)
void add_round_tools(mcp::server& srv); // rounds.cpp: 2026-07-28 input-required rounds, logging, headers

// test://watched-resource: its text changes every `period`, and subscribers get
// notifications/resources/updated. Registers itself on `srv` at construction; `srv` must outlive it. The
// ticker thread stops in the destructor.
class watched_resource {
public:
    watched_resource(mcp::server& srv, std::chrono::milliseconds period);

private:
    void tick(std::stop_token stop, mcp::server& srv, std::chrono::milliseconds period);

    std::atomic<int> version_{1};
    std::jthread ticker_; // last: it stops before version_ goes away
};

} // namespace everything
