// A writer process killed mid-write, for the state stores' atomicity tests (state_store.hpp: a process killed
// while saving leaves the old document or the new one). The test binary starts itself again as the writer, with
// only the calling test selected and MCP_KILLED_WRITER set; the writer loops until it is killed with SIGKILL.
//
//   TEST(sqlite_state, AKilledWriterLeavesAConsistentDocument) {
//       if (mcp::storage::testing::in_killed_writer()) { for (;;) save(...); }   // the child
//       mcp::storage::testing::run_killed_writer(path, 300ms, [&] { return saves_landed(); }); // the parent
//       ... load and check ...
//   }
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace mcp::storage::testing {

// True in the child process (MCP_KILLED_WRITER is set).
bool in_killed_writer();
// The value the parent passed to the child (say, the database path or table prefix it made).
std::string killed_writer_argument();
// Starts the current test again in a child process with `argument`, waits until `writing()` says the child's
// saves land (asked every 10 ms, for up to 30 s: a sanitizer build starts slowly), lets it write for `after`
// more, kills it with SIGKILL and reaps it. Fails the test (ADD_FAILURE) when the child cannot start, never
// writes, or ended by itself.
void run_killed_writer(std::string const& argument, std::chrono::milliseconds after,
                       std::function<bool()> const& writing);

} // namespace mcp::storage::testing
