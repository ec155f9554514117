// protected: the worked example of docs/auth.md, an MCP server that is an OAuth 2.1 protected resource. Nothing
// about tokens is in this file: mcp::run reads MCP_AUTH_* (auth/environment.hpp) and the HTTP front door (or the
// Lambda one) answers 401, 403 and 503 before any handler runs. A handler sees who called in its request
// metadata, which only a validated token sets (a client header of the same name is dropped):
//   x-mcp-auth-subject  the token's `sub`       x-mcp-auth-scopes  the granted scopes, space-separated
//
//   export MCP_AUTH_RESOURCE=http://127.0.0.1:8080/mcp MCP_AUTH_ISSUER=https://as.example
//   MCP_AUTH_TOOL_SCOPES='notes_write=mcp:write' build/dev/examples/protected/protected
//
// notes_write needs the scope mcp:write: MCP_AUTH_TOOL_SCOPES makes the front door answer a token without it
// with 403 insufficient_scope (and lists mcp:write in the protected-resource metadata), so a client can ask for
// it. The handler checks it too, so that the program run without that variable does not write for anyone.
#include <mcp/mcp.hpp>

#include <mutex>

struct identity {
    std::string subject;
    std::vector<std::string> scopes;
};
BOOST_DESCRIBE_STRUCT(identity, (), (subject, scopes))

struct note_args { std::string text; };
BOOST_DESCRIBE_STRUCT(note_args, (), (text))

struct note_list { std::vector<std::string> notes; };
BOOST_DESCRIBE_STRUCT(note_list, (), (notes))

identity whoami(mcp::call_context& ctx) {
    identity out{.subject = std::string(ctx.metadata().get("x-mcp-auth-subject").value_or("")), .scopes = {}};
    std::string_view granted = ctx.metadata().get("x-mcp-auth-scopes").value_or("");
    while (!granted.empty()) {
        auto space = granted.find(' ');
        if (space != 0)
            out.scopes.emplace_back(granted.substr(0, space));
        granted = space == std::string_view::npos ? std::string_view() : granted.substr(space + 1);
    }
    return out;
}

bool granted(mcp::call_context& ctx, std::string_view scope) {
    auto text = " " + std::string(ctx.metadata().get("x-mcp-auth-scopes").value_or("")) + " ";
    return text.find(" " + std::string(scope) + " ") != std::string::npos;
}

// One list for every session and every caller; the tools run on several sessions' strands at once.
class notebook {
public:
    note_list read() {
        std::lock_guard lock(mutex_);
        return {notes_};
    }
    mcp::result<std::string> write(note_args in, mcp::call_context& ctx) {
        if (!granted(ctx, "mcp:write"))
            return mcp::error::invalid_params("notes_write needs the scope mcp:write");
        std::lock_guard lock(mutex_);
        notes_.push_back(whoami(ctx).subject + ": " + in.text);
        return "noted (" + std::to_string(notes_.size()) + " notes)";
    }

private:
    std::mutex mutex_;
    std::vector<std::string> notes_;
};

int main(int argc, char** argv) {
    mcp::server srv({.name = "protected", .version = "1.0.0"});
    notebook notes;
    srv.add_tool({.name = "whoami", .description = "The caller's subject and scopes"}, whoami);
    srv.add_tool({.name = "notes_read", .description = "Every note"}, [&notes] { return notes.read(); });
    srv.add_tool({.name = "notes_write", .description = "Add a note (scope mcp:write)"},
                 [&notes](note_args in, mcp::call_context& ctx) { return notes.write(std::move(in), ctx); });
    return mcp::run(srv, argc, argv);
}
